import { DeploymentService, type Pod, PodService, ReplicaSetService } from "@capstan/api";
import { createGrpcClient } from "@capstan/client";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkloadCluster, type WorkloadCluster } from "./controllers-workloads-fixture.js";

/** kubectl's three cascades over the whole controller-manager (Deployment → ReplicaSet → pods). */
describe("cascading deletion with kubectl", () => {
  let cluster: WorkloadCluster;
  beforeAll(async () => {
    cluster = await startWorkloadCluster(2);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  const pods = () => createGrpcClient(PodService, cluster.api.transport);
  const replicaSets = () => createGrpcClient(ReplicaSetService, cluster.api.transport);
  const livePods = async (app: string): Promise<Pod[]> =>
    (await pods().list({ namespace: "default", labelSelector: `app=${app}` })).items.filter(
      (pod) => !pod.metadata?.deletionTimestamp,
    );

  async function deploy(name: string): Promise<void> {
    await cluster.kubectl.ok(["create", "deployment", name, "--image=busybox", "--replicas=2"]);
    await waitFor(
      async () => (await livePods(name)).filter((pod) => pod.status?.phase === "Running").length === 2,
      {
        description: `${name} running`,
        timeoutMs: 20_000,
      },
    );
  }

  it("deletes a Deployment's ReplicaSets and pods (background, kubectl's default)", async () => {
    await deploy("bg");
    await cluster.kubectl.ok(["delete", "deployment", "bg"]);
    await waitFor(
      async () =>
        (await pods().list({ namespace: "default", labelSelector: "app=bg" })).items.length === 0 &&
        (await replicaSets().list({ namespace: "default", labelSelector: "app=bg" })).items.length === 0,
      { description: "ReplicaSets and pods gone", timeoutMs: 20_000 },
    );
  }, 60_000);

  it("waits for the dependents with --cascade=foreground", async () => {
    await deploy("fg");
    // kubectl waits for the Deployment itself to go, which happens only after its ReplicaSet and pods.
    await cluster.kubectl.ok(["delete", "deployment", "fg", "--cascade=foreground", "--wait=true"], {
      timeoutMs: 30_000,
    });
    expect((await pods().list({ namespace: "default", labelSelector: "app=fg" })).items).toEqual([]);
    expect((await replicaSets().list({ namespace: "default", labelSelector: "app=fg" })).items).toEqual([]);
  }, 60_000);

  it("keeps the ReplicaSet and pods with --cascade=orphan, without owner references", async () => {
    await deploy("orph");
    await cluster.kubectl.ok(["delete", "deployment", "orph", "--cascade=orphan", "--wait=true"], {
      timeoutMs: 30_000,
    });
    await waitFor(
      async () => {
        try {
          await createGrpcClient(DeploymentService, cluster.api.transport).get({
            namespace: "default",
            name: "orph",
          });
          return false;
        } catch {
          return true;
        }
      },
      { description: "deployment gone" },
    );
    const [orphan] = (await replicaSets().list({ namespace: "default", labelSelector: "app=orph" })).items;
    expect(orphan?.metadata?.ownerReferences).toEqual([]);
    expect(await livePods("orph")).toHaveLength(2);
  }, 60_000);
});
