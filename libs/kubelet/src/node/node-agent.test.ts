import { LeaseService, type Node, NodeService } from "@capstan/api";
import { startTestApiServer, type TestApiServer } from "@capstan/apiserver/testing";
import { createGrpcClient, NODE_LEASE_NAMESPACE } from "@capstan/client";
import { createLogger } from "@capstan/runtime";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerRuntime } from "../runtime/index.js";
import { createNodeAgent, type NodeAgentOptions } from "./node-agent.js";
import { NODE_HEARTBEAT_PATTERN, nodeHeartbeatSubject } from "./node-heartbeat.js";
import { NodeConfigError } from "./node-object.js";

const logger = createLogger({
  component: "node-agent-test",
  level: process.env.CAPSTAN_TEST_LOG ?? "silent",
});
let api: TestApiServer;
const stops: AbortController[] = [];
beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(async () => {
  for (const controller of stops) controller.abort();
  await api?.stop();
});

function start(overrides: Partial<NodeAgentOptions> & Pick<NodeAgentOptions, "nodeName" | "runtime">) {
  const controller = new AbortController();
  stops.push(controller);
  const agent = createNodeAgent({
    transport: api.transport,
    logger,
    address: "127.0.0.1",
    kubeletPort: 10250,
    leaseRenewIntervalMs: 100,
    statusUpdateIntervalMs: 100,
    ...overrides,
  });
  const running = agent.start(controller.signal);
  return {
    stop: async () => {
      controller.abort();
      await running;
    },
  };
}

const nodes = () => createGrpcClient(NodeService, api.transport);
const condition = (node: Node, type: string) => node.status?.conditions.find((c) => c.type === type);

describe("node agent against a real apiserver", () => {
  it("registers a Ready node with host facts, renews its Lease and publishes heartbeats", async () => {
    const published: { subject: string; payload: Uint8Array }[] = [];
    const bus = {
      publish: (subject: string, payload: Uint8Array) => void published.push({ subject, payload }),
    };
    const agent = start({
      nodeName: "node-a",
      runtime: createDockerRuntime(),
      bus,
      maxPods: 30,
      labels: { tier: "x" },
    });
    const node = await waitFor(
      () =>
        nodes()
          .get({ name: "node-a" })
          .catch(() => undefined),
      { timeoutMs: 15_000 },
    );
    expect(node.metadata?.labels).toMatchObject({
      tier: "x",
      "kubernetes.io/hostname": "node-a",
      "kubernetes.io/os": "linux",
    });
    expect(node.status?.capacity.pods).toBe("30");
    expect(Number(node.status?.capacity.cpu)).toBeGreaterThan(0);
    expect(node.status?.nodeInfo?.containerRuntimeVersion).toMatch(/^docker:\/\/\d+\.\d+/);
    expect(node.status?.nodeInfo?.kubeletVersion).toMatch(/^v1\./);
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.port).toBe(10250);
    expect(node.status?.addresses.map((a) => a.type)).toEqual(["InternalIP", "Hostname"]);
    expect(condition(node, "Ready")).toMatchObject({ status: "True", reason: "KubeletReady" });
    expect(condition(node, "MemoryPressure")).toMatchObject({
      status: "False",
      reason: "KubeletHasSufficientMemory",
    });

    const leases = createGrpcClient(LeaseService, api.transport);
    const first = await waitFor(() =>
      leases.get({ namespace: NODE_LEASE_NAMESPACE, name: "node-a" }).catch(() => undefined),
    );
    expect(first.spec?.holderIdentity).toBe("node-a");
    expect(first.metadata?.ownerReferences[0]?.uid).toBe(node.metadata?.uid);
    await waitFor(async () => {
      const lease = await leases.get({ namespace: NODE_LEASE_NAMESPACE, name: "node-a" });
      return lease.metadata?.resourceVersion !== first.metadata?.resourceVersion;
    });
    expect(published.length).toBeGreaterThan(0);
    expect(published[0]?.subject).toBe(nodeHeartbeatSubject("node-a"));
    expect(JSON.parse(new TextDecoder().decode(published[0]?.payload))).toMatchObject({
      node: "node-a",
      ready: true,
    });
    expect(NODE_HEARTBEAT_PATTERN).toBe("capstan.heartbeat.node.*");

    // Ten status periods with nothing changed write nothing: the Node keeps its resourceVersion.
    const settled = await nodes().get({ name: "node-a" });
    const renewals = published.length;
    await waitFor(() => published.length >= renewals + 10, { timeoutMs: 5_000 });
    expect((await nodes().get({ name: "node-a" })).metadata?.resourceVersion).toBe(
      settled.metadata?.resourceVersion,
    );
    await agent.stop();
  });

  it("reports Ready=False with a fix when the engine does not answer, and survives a concurrent writer", async () => {
    const real = createDockerRuntime();
    let up = true;
    const runtime = {
      ping: () => (up ? real.ping() : createDockerRuntime({ socketPath: "/nonexistent/docker.sock" }).ping()),
      info: () => real.info(),
    };
    const agent = start({ nodeName: "node-b", runtime });
    const ready = await waitFor(async () => {
      const node = await nodes()
        .get({ name: "node-b" })
        .catch(() => undefined);
      return node && condition(node, "Ready")?.status === "True" ? node : undefined;
    });
    // Another writer (the node controller, kubectl taint) bumps the resourceVersion the agent last saw.
    await nodes().update({
      ...ready,
      spec: {
        ...ready.spec,
        taints: [{ key: "k", value: "v", effect: "NoSchedule", $typeName: "capstan.core.v1.Taint" }],
      },
    } as Node);
    up = false;
    const down = await waitFor(async () => {
      const node = await nodes().get({ name: "node-b" });
      return condition(node, "Ready")?.status === "False" ? node : undefined;
    });
    const readyCondition = condition(down, "Ready");
    expect(readyCondition?.reason).toBe("ContainerRuntimeUnreachable");
    expect(readyCondition?.message).toMatch(
      /cannot reach the Docker Engine.*\/nonexistent\/docker\.sock.*dockerd/,
    );
    expect(down.spec?.taints.map((taint) => taint.key)).toEqual(["k"]);
    up = true;
    await waitFor(async () => condition(await nodes().get({ name: "node-b" }), "Ready")?.status === "True");
    await agent.stop();
  });

  it("registers its Node again when someone deletes it", async () => {
    const agent = start({ nodeName: "node-d", runtime: createDockerRuntime() });
    const first = await waitFor(() =>
      nodes()
        .get({ name: "node-d" })
        .catch(() => undefined),
    );
    await nodes().delete({ name: "node-d" });
    const again = await waitFor(async () => {
      const node = await nodes()
        .get({ name: "node-d" })
        .catch(() => undefined);
      return node && node.metadata?.uid !== first.metadata?.uid ? node : undefined;
    });
    expect(condition(again, "Ready")?.status).toBe("True");
    await agent.stop();
  });

  it("refuses an invalid node name or capacity", async () => {
    expect(() =>
      createNodeAgent({
        nodeName: "Bad_Name",
        transport: api.transport,
        logger,
        runtime: createDockerRuntime(),
        address: "127.0.0.1",
        kubeletPort: 1,
      }),
    ).toThrow(NodeConfigError);
    expect(() =>
      createNodeAgent({
        nodeName: "node-c",
        transport: api.transport,
        logger,
        runtime: createDockerRuntime(),
        address: "127.0.0.1",
        kubeletPort: 1,
        leaseRenewIntervalMs: 0,
      }),
    ).toThrow(/leaseRenewIntervalMs must be a positive number/);
    const agent = createNodeAgent({
      nodeName: "node-c",
      transport: api.transport,
      logger,
      runtime: createDockerRuntime(),
      address: "127.0.0.1",
      kubeletPort: 1,
      memory: "lots",
    });
    await expect(agent.start(new AbortController().signal)).rejects.toThrow(
      /memory capacity "lots" is not a quantity/,
    );
  });
});
