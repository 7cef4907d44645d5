import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { NodeConditionSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { conditionStates, nodeConditions } from "./node-conditions.js";

const calm = { memory: false, disk: false, pid: false };

describe("node conditions", () => {
  it("uses the kubelet's reasons and messages", () => {
    const states = conditionStates({ ok: true }, { memory: true, disk: false, pid: true });
    expect(states).toEqual([
      {
        type: "MemoryPressure",
        status: "True",
        reason: "KubeletHasInsufficientMemory",
        message: "kubelet has insufficient memory available",
      },
      {
        type: "DiskPressure",
        status: "False",
        reason: "KubeletHasNoDiskPressure",
        message: "kubelet has no disk pressure",
      },
      {
        type: "PIDPressure",
        status: "True",
        reason: "KubeletHasInsufficientPID",
        message: "kubelet has insufficient PID available",
      },
      { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" },
    ]);
    const down = conditionStates({ ok: false, message: "start dockerd" }, calm).at(-1);
    expect(down).toEqual({
      type: "Ready",
      status: "False",
      reason: "ContainerRuntimeUnreachable",
      message: "start dockerd",
    });
  });

  it("moves lastTransitionTime only when a status flips, and keeps conditions others own", () => {
    const t1 = timestampFromMs(1_000);
    const t2 = timestampFromMs(2_000);
    const first = nodeConditions(conditionStates({ ok: true }, calm), [], t1);
    const network = create(NodeConditionSchema, { type: "NetworkUnavailable", status: "False" });
    const second = nodeConditions(
      conditionStates({ ok: false, message: "down" }, calm),
      [network, ...first],
      t2,
    );
    expect(second.map((c) => c.type)).toEqual([
      "NetworkUnavailable",
      "MemoryPressure",
      "DiskPressure",
      "PIDPressure",
      "Ready",
    ]);
    const ready = second.find((c) => c.type === "Ready");
    const memory = second.find((c) => c.type === "MemoryPressure");
    expect(ready?.lastTransitionTime).toEqual(t2);
    expect(memory?.lastTransitionTime).toEqual(t1);
    expect(memory?.lastHeartbeatTime).toEqual(t2);
  });
});
