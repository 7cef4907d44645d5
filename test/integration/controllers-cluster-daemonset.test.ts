import { DaemonSetService, NodeService, type Pod, PodService } from "@capstan/api";
import { createDaemonSetController, createGarbageCollector } from "@capstan/controllers";
import { type HollowNodes, startHollowNodes } from "@capstan/hollow-node";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ControllerCluster, startControllerCluster } from "./controllers-cluster-fixture.js";
import { silentLogger } from "./support/logger.js";

let cluster: ControllerCluster;
const groups: HollowNodes[] = [];

beforeAll(async () => {
  cluster = await startControllerCluster([createDaemonSetController, createGarbageCollector], {
    scheduler: true,
  });
  groups.push(
    await startHollowNodes({
      transport: cluster.transport,
      count: 3,
      namePrefix: "ds-",
      logger: silentLogger,
    }),
  );
}, 60_000);

afterAll(async () => {
  for (const group of groups) await group.stop();
  await cluster?.stop();
});

const daemonSets = () => cluster.context.client(DaemonSetService);

async function agentPods(): Promise<Pod[]> {
  const { items } = await cluster.context
    .client(PodService)
    .list({ namespace: "default", labelSelector: "app=agent" });
  return items.filter((pod) => !pod.metadata?.deletionTimestamp);
}

/** Waits until every named node runs exactly one ready agent pod of `image` and the status says so. */
async function waitForAgents(nodeNames: readonly string[], image: string) {
  return waitFor(
    async () => {
      const pods = await agentPods();
      const byNode = pods.map((pod) => pod.spec?.nodeName ?? "").sort();
      const ready = pods.every(
        (pod) =>
          pod.spec?.containers[0]?.image === image &&
          pod.status?.conditions.some((c) => c.type === "Ready" && c.status === "True"),
      );
      if (!ready || JSON.stringify(byNode) !== JSON.stringify([...nodeNames].sort())) return undefined;
      const status = (await daemonSets().get({ namespace: "default", name: "agent" })).status;
      return status?.numberAvailable === nodeNames.length &&
        status.updatedNumberScheduled === nodeNames.length
        ? status
        : undefined;
    },
    { description: `agents of ${image} on ${nodeNames.join(", ")}`, timeoutMs: 20_000 },
  );
}

describe("daemonset controller", () => {
  it("runs one pod per node, follows a node joining and leaving, and rolls a new template", async () => {
    const created = await daemonSets().create({
      metadata: { namespace: "default", name: "agent" },
      spec: {
        selector: { matchLabels: { app: "agent" } },
        template: {
          metadata: { labels: { app: "agent" } },
          spec: { containers: [{ name: "a", image: "agent:1" }] },
        },
        updateStrategy: { type: "RollingUpdate" },
      },
    });
    const first = groups[0]?.names ?? [];
    const status = await waitForAgents(first, "agent:1");
    expect(status).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 3,
      numberMisscheduled: 0,
      observedGeneration: created.metadata?.generation,
    });
    const [pod] = await agentPods();
    expect(
      pod?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]
        ?.matchFields[0],
    ).toMatchObject({
      key: "metadata.name",
      operator: "In",
    });

    const joined = await startHollowNodes({
      transport: cluster.transport,
      count: 1,
      namePrefix: "ds-late-",
      logger: silentLogger,
    });
    groups.push(joined);
    await waitForAgents([...first, ...joined.names], "agent:1");

    const leaving = first[0] ?? "";
    await cluster.context.client(NodeService).delete({ namespace: "", name: leaving });
    const remaining = [...first.slice(1), ...joined.names];
    await waitForAgents(remaining, "agent:1");

    const current = await daemonSets().get({ namespace: "default", name: "agent" });
    const container = current.spec?.template?.spec?.containers[0];
    if (container) container.image = "agent:2";
    await daemonSets().update(current);
    const rolled = await waitForAgents(remaining, "agent:2");
    expect(rolled.observedGeneration).toBeGreaterThan(created.metadata?.generation ?? 0n);
  }, 60_000);
});
