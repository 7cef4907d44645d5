import { decodeObject, type Pod, PodSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { podColumns } from "./columns.js";
import { summarizePod } from "./print-status.js";

const now = new Date("2025-06-01T12:00:00Z");

function pod(
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): Pod {
  return decodeObject(
    PodSchema,
    { metadata: { name: "web", creationTimestamp: "2025-06-01T11:00:00Z", ...metadata }, spec, status },
    { unknownFields: "strict" },
  ).message;
}

const two = {
  containers: [
    { name: "a", image: "x" },
    { name: "b", image: "y" },
  ],
};
const running = { running: { startedAt: "2025-06-01T11:00:05Z" } };

describe("summarizePod", () => {
  it("counts ready containers of a running pod", () => {
    const status = {
      phase: "Running",
      containerStatuses: [
        { name: "a", ready: true, restartCount: 0, state: running },
        { name: "b", ready: false, restartCount: 0, state: running },
      ],
    };
    expect(summarizePod(pod(two, status), now)).toEqual({ ready: "1/2", status: "Running", restarts: "0" });
  });

  it("shows the first container's waiting reason and when it last restarted", () => {
    const status = {
      phase: "Running",
      containerStatuses: [
        {
          name: "a",
          restartCount: 4,
          state: { waiting: { reason: "CrashLoopBackOff" } },
          lastState: { terminated: { exitCode: 1, finishedAt: "2025-06-01T11:55:00Z" } },
        },
        { name: "b", restartCount: 0, state: { waiting: { reason: "ErrImagePull" } } },
      ],
    };
    expect(summarizePod(pod(two, status), now)).toEqual({
      ready: "0/2",
      status: "CrashLoopBackOff",
      restarts: "4 (5m ago)",
    });
  });

  it("shows Completed, and exit codes without a reason", () => {
    const done = {
      phase: "Succeeded",
      containerStatuses: [{ name: "a", state: { terminated: { exitCode: 0, reason: "Completed" } } }],
    };
    expect(summarizePod(pod({ containers: [{ name: "a", image: "x" }] }, done), now).status).toBe(
      "Completed",
    );
    const killed = {
      phase: "Failed",
      containerStatuses: [{ name: "a", state: { terminated: { exitCode: 137, signal: 9 } } }],
    };
    expect(summarizePod(pod({ containers: [{ name: "a", image: "x" }] }, killed), now).status).toBe(
      "Signal:9",
    );
  });

  it("shows init progress and init failures", () => {
    const spec = {
      initContainers: [
        { name: "i1", image: "x" },
        { name: "i2", image: "x" },
      ],
      containers: [{ name: "a", image: "x" }],
    };
    const first = {
      phase: "Pending",
      initContainerStatuses: [
        { name: "i1", state: running },
        { name: "i2", state: { waiting: { reason: "PodInitializing" } } },
      ],
    };
    expect(summarizePod(pod(spec, first), now).status).toBe("Init:0/2");
    const second = {
      phase: "Pending",
      initContainerStatuses: [
        { name: "i1", state: { terminated: { exitCode: 0 } } },
        { name: "i2", restartCount: 2, state: { waiting: { reason: "CrashLoopBackOff" } } },
      ],
    };
    expect(summarizePod(pod(spec, second), now)).toEqual({
      ready: "0/1",
      status: "Init:CrashLoopBackOff",
      restarts: "2",
    });
  });

  it("counts a started sidecar among the containers", () => {
    const spec = {
      initContainers: [{ name: "proxy", image: "x", restartPolicy: "Always" }],
      containers: [{ name: "a", image: "x" }],
    };
    const status = {
      phase: "Running",
      conditions: [{ type: "Initialized", status: "True" }],
      initContainerStatuses: [{ name: "proxy", started: true, ready: true, state: running }],
      containerStatuses: [{ name: "a", ready: true, state: running }],
    };
    expect(summarizePod(pod(spec, status), now)).toEqual({ ready: "2/2", status: "Running", restarts: "0" });
  });

  it("shows Terminating for a deleting pod that has not finished", () => {
    const deleting = pod(two, { phase: "Running" }, { deletionTimestamp: "2025-06-01T11:59:00Z" });
    expect(summarizePod(deleting, now).status).toBe("Terminating");
    const finished = pod(two, { phase: "Succeeded" }, { deletionTimestamp: "2025-06-01T11:59:00Z" });
    expect(summarizePod(finished, now).status).toBe("Succeeded");
  });
});

describe("pod columns", () => {
  it("print READY STATUS RESTARTS AGE and the wide columns", () => {
    const object = pod(
      { ...two, nodeName: "node-1", readinessGates: [{ conditionType: "example.com/gate" }] },
      {
        phase: "Pending",
        podIPs: [{ ip: "10.244.0.9" }],
        conditions: [{ type: "example.com/gate", status: "True" }],
      },
    );
    expect(podColumns.map((column) => [column.name, column.priority])).toEqual([
      ["Ready", 0],
      ["Status", 0],
      ["Restarts", 0],
      ["Age", 0],
      ["IP", 1],
      ["Node", 1],
      ["Nominated Node", 1],
      ["Readiness Gates", 1],
    ]);
    expect(podColumns.map((column) => column.cell(object, now))).toEqual([
      "0/2",
      "Pending",
      "0",
      "60m",
      "10.244.0.9",
      "node-1",
      "<none>",
      "1/1",
    ]);
  });
});
