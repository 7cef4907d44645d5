import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  type DaemonSet,
  DaemonSetSchema,
  intOrString,
  type Node,
  NodeSchema,
  type Pod,
  PodStatusSchema,
} from "@capstan/api";
import { describe, expect, it } from "vitest";
import { daemonPodFor, REVISION_HASH_LABEL, targetNodeOf } from "./daemon-pod.js";
import { planDaemonSet } from "./daemonset-plan.js";

function daemonSet(
  extra: { nodeSelector?: Record<string, string>; maxUnavailable?: number | string } = {},
): DaemonSet {
  return create(DaemonSetSchema, {
    metadata: { namespace: "kube-system", name: "agent", uid: "ds-uid", generation: 2n },
    spec: {
      selector: { matchLabels: { app: "agent" } },
      template: {
        metadata: { labels: { app: "agent" } },
        spec: { nodeSelector: extra.nodeSelector ?? {}, containers: [{ name: "a", image: "agent:1" }] },
      },
      updateStrategy: {
        type: "RollingUpdate",
        rollingUpdate: { maxUnavailable: intOrString(extra.maxUnavailable ?? 1) },
      },
    },
  });
}

function node(
  name: string,
  labels: Record<string, string> = {},
  taints: { key: string; effect: string }[] = [],
): Node {
  return create(NodeSchema, { metadata: { name, labels }, spec: { taints } });
}

function runningPod(ds: DaemonSet, nodeName: string, hash: string, ready = true): Pod {
  const pod = daemonPodFor(ds, nodeName, hash);
  if (pod.metadata) {
    pod.metadata.name = `agent-${nodeName}`;
    pod.metadata.creationTimestamp = timestampFromMs(0);
  }
  if (pod.spec) pod.spec.nodeName = nodeName;
  pod.status = create(PodStatusSchema, {
    phase: "Running",
    conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
  });
  return pod;
}

describe("planDaemonSet", () => {
  it("places one pod per eligible node through node affinity, with the automatic tolerations", () => {
    const ds = daemonSet({ nodeSelector: { disk: "ssd" } });
    const nodes = [
      node("a", { disk: "ssd" }),
      node("b", { disk: "hdd" }),
      node("c", { disk: "ssd" }, [{ key: "gpu", effect: "NoSchedule" }]),
    ];
    const plan = planDaemonSet(ds, nodes, [], "h1", 0);
    expect(plan.createOn).toEqual(["a"]);
    expect(plan.numbers.desiredNumberScheduled).toBe(1);
    const pod = daemonPodFor(ds, "a", "h1");
    expect(targetNodeOf(pod)).toBe("a");
    expect(pod.spec?.nodeName).toBe("");
    expect(pod.metadata?.labels[REVISION_HASH_LABEL]).toBe("h1");
    expect(pod.spec?.tolerations.map((t) => `${t.key}:${t.effect}`)).toContain(
      "node.kubernetes.io/unreachable:NoExecute",
    );
  });

  it("runs on not-ready and unreachable nodes, and leaves a node whose NoExecute taint it does not tolerate", () => {
    const ds = daemonSet();
    const unreachable = node("u", {}, [{ key: "node.kubernetes.io/unreachable", effect: "NoExecute" }]);
    const dedicated = node("d", {}, [{ key: "dedicated", effect: "NoExecute" }]);
    const plan = planDaemonSet(ds, [unreachable, dedicated], [runningPod(ds, "d", "h1")], "h1", 0);
    expect(plan.createOn).toEqual(["u"]);
    expect(plan.delete.map((pod) => pod.metadata?.name)).toEqual(["agent-d"]);
    expect(plan.numbers).toMatchObject({ desiredNumberScheduled: 1, numberMisscheduled: 1 });
  });

  it("deletes pods of nodes that left, and counts its status numbers", () => {
    const ds = daemonSet();
    const pods = [runningPod(ds, "a", "h1"), runningPod(ds, "b", "h1", false), runningPod(ds, "gone", "h1")];
    const plan = planDaemonSet(ds, [node("a"), node("b"), node("c")], pods, "h1", 0);
    expect(plan.createOn).toEqual(["c"]);
    expect(plan.delete.map((pod) => pod.metadata?.name)).toEqual(["agent-gone"]);
    expect(plan.numbers).toEqual({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 2,
      numberMisscheduled: 0,
      numberReady: 1,
      numberAvailable: 1,
      numberUnavailable: 2,
      updatedNumberScheduled: 2,
    });
  });

  it("rolls old pods at most maxUnavailable at a time, unavailable old ones first", () => {
    const ds = daemonSet({ maxUnavailable: 2 });
    const nodes = [node("a"), node("b"), node("c"), node("d")];
    const old = [
      runningPod(ds, "a", "h0"),
      runningPod(ds, "b", "h0"),
      runningPod(ds, "c", "h0", false),
      runningPod(ds, "d", "h0"),
    ];
    const plan = planDaemonSet(ds, nodes, old, "h1", 0);
    expect(plan.delete.map((pod) => pod.metadata?.name)).toEqual(["agent-c", "agent-a"]);
  });
});
