import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SchedulerCluster, startSchedulerCluster } from "../src/scheduler-cluster.js";

const IMAGE = "registry.local/app:1";

describe("scheduler spreading and pod anti-affinity against a real apiserver and hollow nodes", () => {
  let cluster: SchedulerCluster;

  beforeAll(async () => {
    cluster = await startSchedulerCluster({ count: 3, namePrefix: "spread-" });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  /** How many of `names` each node holds, as sorted `[node, count]` pairs. */
  const countPerNode = async (names: readonly string[]) => {
    const nodes = await Promise.all(names.map((name) => cluster.nodeOf(name, 20_000)));
    const counts = new Map<string, number>();
    for (const node of nodes) counts.set(node, (counts.get(node) ?? 0) + 1);
    return [...counts.entries()].sort();
  };

  it("spreads 30 replicas of one ReplicaSet 10/10/10 over 3 nodes", async () => {
    // The ReplicaSet is only an owner here: no controller runs, the test creates its pods as one would.
    const replicaSet = await cluster.api.request("POST", "/apis/apps/v1/namespaces/default/replicasets", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "web" },
      spec: {
        replicas: 30,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "app", image: IMAGE }] },
        },
      },
    });
    const uid = (replicaSet.metadata as { uid: string }).uid;
    const names = Array.from({ length: 30 }, (_, i) => `web-${i}`);
    for (const name of names) {
      await cluster.createPod(
        name,
        {},
        {
          labels: { app: "web" },
          ownerReferences: [
            {
              apiVersion: "apps/v1",
              kind: "ReplicaSet",
              name: "web",
              uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
      );
    }
    expect(await countPerNode(names)).toEqual([
      ["spread-0", 10],
      ["spread-1", 10],
      ["spread-2", 10],
    ]);
  });

  it("keeps a hard topology spread constraint even against a node preference", async () => {
    // Every pod prefers spread-0; maxSkew 1 on the host name must still hold them to 4/4/4.
    const names = Array.from({ length: 12 }, (_, i) => `skewed-${i}`);
    for (const name of names) {
      await cluster.createPod(
        name,
        {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: "kubernetes.io/hostname",
              whenUnsatisfiable: "DoNotSchedule",
              labelSelector: { matchLabels: { app: "skewed" } },
            },
          ],
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  preference: {
                    matchExpressions: [
                      { key: "kubernetes.io/hostname", operator: "In", values: ["spread-0"] },
                    ],
                  },
                },
              ],
            },
          },
        },
        { labels: { app: "skewed" } },
      );
    }
    expect(await countPerNode(names)).toEqual([
      ["spread-0", 4],
      ["spread-1", 4],
      ["spread-2", 4],
    ]);
  });

  it("places pods with required anti-affinity one per node, then explains the next", async () => {
    const antiAffinity = {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: "db" } }, topologyKey: "kubernetes.io/hostname" },
          ],
        },
      },
    };
    const names = ["db-0", "db-1", "db-2"];
    for (const name of names) await cluster.createPod(name, antiAffinity, { labels: { app: "db" } });
    expect(await countPerNode(names)).toEqual([
      ["spread-0", 1],
      ["spread-1", 1],
      ["spread-2", 1],
    ]);
    await cluster.createPod("db-3", antiAffinity, { labels: { app: "db" } });
    expect(await cluster.unschedulableMessage("db-3")).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.",
    );
  });
});
