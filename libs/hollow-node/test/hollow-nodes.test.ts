import { timestampMs } from "@bufbuild/protobuf/wkt";
import { LeaseService, NodeService, PodService } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { startTestApiServer, type TestApiServer } from "@capstan/apiserver/testing";
import { createGrpcClient } from "@capstan/client";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HollowNodeConfigError,
  type HollowNodes,
  NODE_LEASE_NAMESPACE,
  startHollowNodes,
} from "../src/index.js";
import { testLogger } from "./test-logger.js";

let server: TestApiServer;
let hollow: HollowNodes;

beforeAll(async () => {
  server = await startTestApiServer();
  hollow = await startHollowNodes({
    transport: server.transport,
    count: 3,
    namePrefix: "hn-",
    capacity: { cpu: "2", memory: "4Gi", pods: 20 },
    zones: ["zone-a", "zone-b"],
    labels: (index) => ({ rack: `r${index}` }),
    heartbeatIntervalMs: 100,
    logger: testLogger,
  });
});

afterAll(async () => {
  await hollow?.stop();
  await server?.stop();
});

const leaseRenewMs = async (name: string) => {
  const lease = await createGrpcClient(LeaseService, server.transport).get({
    namespace: NODE_LEASE_NAMESPACE,
    name,
  });
  return lease.spec?.renewTime ? timestampMs(lease.spec.renewTime) : 0;
};

describe("startHollowNodes", () => {
  it("registers Ready nodes with capacity, addresses and labels", async () => {
    expect(hollow.names).toEqual(["hn-0", "hn-1", "hn-2"]);
    const nodes = await createGrpcClient(NodeService, server.transport).list({});
    expect(nodes.items.map((node) => node.metadata?.name).sort()).toEqual(["hn-0", "hn-1", "hn-2"]);
    const node = nodes.items.find((item) => item.metadata?.name === "hn-1");
    expect(node?.metadata?.labels).toMatchObject({
      "kubernetes.io/hostname": "hn-1",
      "kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
      "topology.kubernetes.io/zone": "zone-b",
      rack: "r1",
    });
    expect(node?.status?.allocatable).toEqual({ cpu: "2", memory: "4Gi", pods: "20" });
    expect(node?.status?.capacity).toEqual({ cpu: "2", memory: "4Gi", pods: "20" });
    const ready = node?.status?.conditions.find((condition) => condition.type === "Ready");
    expect(ready).toMatchObject({ status: "True", reason: "KubeletReady" });
    expect(node?.status?.addresses.map((a) => `${a.type}=${a.address}`)).toEqual([
      "InternalIP=172.16.0.2",
      "Hostname=hn-1",
    ]);
    expect(node?.spec?.podCidr).toBe("10.64.1.0/24");
  });

  it("renews each node's Lease every interval, owned by its Node", async () => {
    const lease = await createGrpcClient(LeaseService, server.transport).get({
      namespace: NODE_LEASE_NAMESPACE,
      name: "hn-0",
    });
    expect(lease.spec?.holderIdentity).toBe("hn-0");
    expect(lease.metadata?.ownerReferences[0]).toMatchObject({ kind: "Node", name: "hn-0" });
    const first = await leaseRenewMs("hn-0");
    await waitFor(async () => (await leaseRenewMs("hn-0")) > first, { description: "a renewed lease" });
  });

  it("runs bound pods and completes their graceful deletion", async () => {
    const pods = createGrpcClient(PodService, server.transport);
    await pods.create({
      metadata: { name: "web", namespace: "default" },
      spec: {
        nodeName: "hn-2",
        containers: [
          { name: "app", image: "nginx" },
          { name: "side", image: "busybox" },
        ],
      },
    });
    const running = await waitFor(
      async () => {
        const pod = await pods.get({ namespace: "default", name: "web" });
        return pod.status?.phase === "Running" ? pod : undefined;
      },
      { description: "the pod Running" },
    );
    const status = running.status;
    expect(status?.podIp).toMatch(/^10\.64\.2\.\d+$/);
    expect(status?.hostIp).toBe("172.16.0.3");
    expect(status?.startTime).toBeDefined();
    expect(status?.conditions.map((c) => `${c.type}=${c.status}`).sort()).toEqual([
      "ContainersReady=True",
      "Initialized=True",
      "PodScheduled=True",
      "Ready=True",
    ]);
    expect(status?.containerStatuses.map((c) => [c.name, c.ready, c.state?.running !== undefined])).toEqual([
      ["app", true, true],
      ["side", true, true],
    ]);

    // A graceful delete only marks the pod; the node's kubelet makes it final.
    await pods.delete({ namespace: "default", name: "web", options: { gracePeriodSeconds: 30n } });
    await waitFor(
      async () => {
        try {
          await pods.get({ namespace: "default", name: "web" });
          return false;
        } catch (error) {
          return ApiError.is(error, "NotFound");
        }
      },
      { description: "the pod gone" },
    );
  });

  it("leaves pods of other nodes alone", async () => {
    const pods = createGrpcClient(PodService, server.transport);
    await pods.create({
      metadata: { name: "elsewhere", namespace: "default" },
      spec: { nodeName: "real-node", containers: [{ name: "app", image: "nginx" }] },
    });
    // Bind one to a hollow node after it: once that runs, the other was seen and skipped.
    await pods.create({
      metadata: { name: "marker", namespace: "default" },
      spec: { nodeName: "hn-0", containers: [{ name: "app", image: "nginx" }] },
    });
    await waitFor(
      async () => (await pods.get({ namespace: "default", name: "marker" })).status?.phase === "Running",
    );
    expect((await pods.get({ namespace: "default", name: "elsewhere" })).status?.phase).not.toBe("Running");
  });

  it("stops one node: its Lease goes stale and its new pods stay pending", async () => {
    await hollow.stop("hn-1");
    const stoppedAt = await leaseRenewMs("hn-1");
    const other = await leaseRenewMs("hn-0");
    // Wait until a live node renewed twice: a stopped node would have renewed too by then.
    await waitFor(async () => (await leaseRenewMs("hn-0")) > other + 100, { description: "two renewals" });
    expect(await leaseRenewMs("hn-1")).toBeLessThanOrEqual(stoppedAt);
    await expect(hollow.stop("nope")).rejects.toBeInstanceOf(HollowNodeConfigError);
  });

  it("refuses bad options with a typed error", async () => {
    const base = { transport: server.transport, logger: testLogger };
    for (const bad of [
      { ...base, count: 0 },
      { ...base, count: 1.5 },
      { ...base, count: 1, namePrefix: "Bad_" },
      { ...base, count: 1, capacity: { pods: 1000 } },
      { ...base, count: 1, capacity: { cpu: "lots" } },
      { ...base, count: 1, zones: [""] },
      { count: 1, logger: testLogger },
    ]) {
      await expect(startHollowNodes(bad as never)).rejects.toBeInstanceOf(HollowNodeConfigError);
    }
    await expect(startHollowNodes(null as never)).rejects.toBeInstanceOf(HollowNodeConfigError);
  });
});
