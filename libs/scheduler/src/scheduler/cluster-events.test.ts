import { create } from "@bufbuild/protobuf";
import { NodeConditionSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { testNode, testPod } from "../../test/fixtures.js";
import { type ClusterEventTargets, onNodeChange, onPodChange } from "./cluster-events.js";
import { SchedulerCache } from "./scheduler-cache.js";
import { SchedulingQueue } from "./scheduling-queue.js";

function targets(): ClusterEventTargets & { queue: SchedulingQueue } {
  return {
    cache: new SchedulerCache(),
    queue: new SchedulingQueue({
      orderOf: () => ({ priority: 0, createdMs: 0 }),
      initialBackoffMs: 1,
      maxBackoffMs: 1,
    }),
    unschedulable: new Set(),
    schedulerName: "default-scheduler",
  };
}

describe("cluster events", () => {
  it("queues a pending pod for this scheduler only", () => {
    const t = targets();
    onPodChange({ type: "added", object: testPod("ours") }, t);
    onPodChange({ type: "added", object: testPod("theirs", {}, { schedulerName: "other" }) }, t);
    onPodChange({ type: "added", object: testPod("bound", {}, { nodeName: "a" }) }, t);
    expect(t.queue.len()).toBe(1);
  });

  it("does not requeue an unschedulable pod on its own update, but does when a bound pod is deleted", () => {
    const t = targets();
    t.unschedulable.add("default/waiting");
    onPodChange({ type: "modified", object: testPod("waiting") }, t);
    expect(t.queue.len()).toBe(0);
    onPodChange({ type: "deleted", object: testPod("gone", {}, { nodeName: "a" }) }, t);
    expect(t.queue.len()).toBe(1);
  });

  it("retries unschedulable pods on a new node or a fit-relevant change, not on a heartbeat", () => {
    const t = targets();
    t.unschedulable.add("default/waiting");
    const node = testNode("a");
    onNodeChange({ type: "added", object: node }, t);
    expect(t.queue.len()).toBe(1);

    const u = targets();
    u.unschedulable.add("default/waiting");
    const heartbeat = testNode("a");
    heartbeat.status?.conditions.push(create(NodeConditionSchema, { type: "Ready", status: "True" }));
    onNodeChange({ type: "modified", object: heartbeat, previous: node }, u);
    expect(u.queue.len()).toBe(0);
    onNodeChange({ type: "modified", object: testNode("a", { cpu: "8" }), previous: node }, u);
    expect(u.queue.len()).toBe(1);

    const v = targets();
    v.unschedulable.add("default/waiting");
    const notReady = testNode("a");
    notReady.status?.conditions.push(create(NodeConditionSchema, { type: "Ready", status: "False" }));
    onNodeChange({ type: "modified", object: heartbeat, previous: notReady }, v);
    expect(v.queue.len()).toBe(1);
  });
});
