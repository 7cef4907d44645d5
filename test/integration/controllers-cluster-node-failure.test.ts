import { timestampNow } from "@bufbuild/protobuf/wkt";
import { LeaseService, type Node, NodeService, type Pod, PodService, ReplicaSetService } from "@capstan/api";
import {
  FAST_FAILOVER_NODE_LIFECYCLE_OPTIONS,
  nodeLifecycleControllerFactory,
  replicaSetControllerDescriptor,
} from "@capstan/controllers";
import { type HollowNodes, startHollowNodes } from "@capstan/hollow-node";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ControllerCluster, startControllerCluster } from "./controllers-cluster-fixture.js";
import { silentLogger } from "./support/logger.js";

const UNREACHABLE = "node.kubernetes.io/unreachable";
let cluster: ControllerCluster;
let nodes: HollowNodes;

beforeAll(async () => {
  // The documented fast-failover settings: 4 s grace, 2 s tolerations, leases renewed every 500 ms.
  cluster = await startControllerCluster(
    [
      nodeLifecycleControllerFactory(FAST_FAILOVER_NODE_LIFECYCLE_OPTIONS),
      replicaSetControllerDescriptor.create,
    ],
    { defaultTolerationSeconds: { notReady: 2, unreachable: 2 }, scheduler: true },
  );
  nodes = await startHollowNodes({
    transport: cluster.transport,
    count: 3,
    namePrefix: "failing-",
    heartbeatIntervalMs: 500,
    logger: silentLogger,
  });
}, 60_000);

afterAll(async () => {
  await nodes?.stop();
  await cluster?.stop();
});

const podClient = () => cluster.context.client(PodService);
const nodeClient = () => cluster.context.client(NodeService);
const readyOf = (node: Node) => node.status?.conditions.find((condition) => condition.type === "Ready");
const isRunning = (pod: Pod) =>
  pod.status?.phase === "Running" && !pod.metadata?.deletionTimestamp && pod.spec?.nodeName !== "";

async function webPods(): Promise<Pod[]> {
  return (await podClient().list({ namespace: "default", labelSelector: "app=web" })).items;
}

describe("node failure", () => {
  it("marks a silent node Unknown and unreachable, evicts its pods, and they run elsewhere within 10 s", async () => {
    await cluster.context.client(ReplicaSetService).create({
      metadata: { namespace: "default", name: "web" },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { terminationGracePeriodSeconds: 2n, containers: [{ name: "web", image: "web:1" }] },
        },
      },
    });
    const running = await waitFor(
      async () => {
        const pods = (await webPods()).filter(isRunning);
        return pods.length === 3 ? pods : undefined;
      },
      { description: "3 web pods running", timeoutMs: 20_000 },
    );
    expect(running[0]?.spec?.tolerations.find((t) => t.key === UNREACHABLE)?.tolerationSeconds).toBe(2n);
    const victim = running[0]?.spec?.nodeName ?? "";
    const stoppedAt = Date.now();
    await nodes.stop(victim);

    const silent = await waitFor(
      async () => {
        const node = await nodeClient().get({ namespace: "", name: victim });
        const tainted = node.spec?.taints.some((t) => t.key === UNREACHABLE && t.effect === "NoExecute");
        return readyOf(node)?.status === "Unknown" && tainted ? node : undefined;
      },
      { description: "the silent node Unknown and tainted", timeoutMs: 10_000 },
    );
    expect(readyOf(silent)).toMatchObject({
      reason: "NodeStatusUnknown",
      message: "Kubelet stopped posting node status.",
    });
    expect(silent.spec?.taints.map((t) => `${t.key}:${t.effect}`).sort()).toEqual([
      `${UNREACHABLE}:NoExecute`,
      `${UNREACHABLE}:NoSchedule`,
    ]);

    await waitFor(
      async () => {
        const pods = (await webPods()).filter(isRunning);
        return pods.length === 3 && pods.every((pod) => pod.spec?.nodeName !== victim);
      },
      { description: "3 web pods running on the other nodes", timeoutMs: 15_000, intervalMs: 100 },
    );
    const failoverMs = Date.now() - stoppedAt;
    expect(failoverMs).toBeLessThan(10_000);

    // The dead kubelet never confirms: the evicted pods are force-deleted once their grace period is over.
    await waitFor(async () => (await webPods()).every((pod) => pod.spec?.nodeName !== victim), {
      description: "evicted pods force-deleted",
      timeoutMs: 10_000,
    });

    // The kubelet comes back: it renews its Lease and posts Ready=True; the taints go.
    const leases = cluster.context.client(LeaseService);
    const lease = await leases.get({ namespace: "kube-node-lease", name: victim });
    if (lease.spec) lease.spec.renewTime = timestampNow();
    await leases.update(lease);
    const node = await nodeClient().get({ namespace: "", name: victim });
    const ready = readyOf(node);
    if (ready)
      Object.assign(ready, {
        status: "True",
        reason: "KubeletReady",
        message: "kubelet is posting ready status",
      });
    await nodeClient().updateStatus(node);
    await waitFor(
      async () => {
        const back = await nodeClient().get({ namespace: "", name: victim });
        return back.spec?.taints.length === 0;
      },
      { description: "taints removed from the returning node" },
    );
  }, 60_000);

  it("evicts nothing when every node goes silent at once (the control plane is the one cut off)", async () => {
    const before = (await webPods()).filter(isRunning);
    await nodes.stop();
    await waitFor(
      async () => {
        const all = (await nodeClient().list({})).items;
        return all.every(
          (node) =>
            readyOf(node)?.status === "Unknown" &&
            node.spec?.taints.some((t) => t.key === UNREACHABLE && t.effect === "NoSchedule") &&
            !node.spec?.taints.some((t) => t.effect === "NoExecute"),
        );
      },
      { description: "all nodes Unknown, none tainted NoExecute", timeoutMs: 15_000 },
    );
    const after = await webPods();
    for (const pod of before) {
      const now = after.find((candidate) => candidate.metadata?.uid === pod.metadata?.uid);
      expect(now?.metadata?.deletionTimestamp).toBeUndefined();
    }
  }, 30_000);
});
