import { type Pod, PodService, type ReplicaSet, ReplicaSetService } from "@capstan/api";
import { createGrpcClient } from "@capstan/client";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkloadCluster, type WorkloadCluster } from "./controllers-workloads-fixture.js";

const replicaSetManifest = (name: string, replicas: number) => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name, namespace: "default" },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: "app", image: "busybox" }] },
    },
  },
});

describe("replicaset controller against a real apiserver", () => {
  let cluster: WorkloadCluster;
  beforeAll(async () => {
    cluster = await startWorkloadCluster(3);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const podsOf = async (app: string): Promise<Pod[]> => {
    const list = await createGrpcClient(PodService, cluster.api.transport).list({
      namespace: "default",
      labelSelector: `app=${app}`,
    });
    return list.items.filter((pod) => pod.metadata?.deletionTimestamp === undefined);
  };
  const replicaSet = (name: string): Promise<ReplicaSet> =>
    createGrpcClient(ReplicaSetService, cluster.api.transport).get({ namespace: "default", name });

  it("creates owned pods named after it and reports them ready", async () => {
    await cluster.api.request(
      "POST",
      "/apis/apps/v1/namespaces/default/replicasets",
      replicaSetManifest("web", 3),
    );
    await waitFor(async () => (await replicaSet("web")).status?.availableReplicas === 3, {
      timeoutMs: 15_000,
      description: "3 available replicas",
    });
    const pods = await podsOf("web");
    const owner = await replicaSet("web");
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata?.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(pod.metadata?.ownerReferences).toEqual([
        expect.objectContaining({
          kind: "ReplicaSet",
          name: "web",
          uid: owner.metadata?.uid,
          controller: true,
        }),
      ]);
    }
    expect(owner.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      fullyLabeledReplicas: 3,
      observedGeneration: owner.metadata?.generation,
    });
  });

  it("scales through the scale subresource with kubectl and replaces a deleted pod", async () => {
    await cluster.kubectl.ok(["scale", "replicaset/web", "--replicas=5"]);
    await waitFor(
      async () => (await podsOf("web")).length === 5 && (await replicaSet("web")).status?.readyReplicas === 5,
      {
        timeoutMs: 15_000,
        description: "5 ready pods",
      },
    );
    const victim = (await podsOf("web"))[0];
    await cluster.kubectl.ok(["delete", "pod", victim?.metadata?.name ?? "", "--wait=false"]);
    await waitFor(
      async () => {
        const pods = await podsOf("web");
        return pods.length === 5 && !pods.some((pod) => pod.metadata?.uid === victim?.metadata?.uid);
      },
      { timeoutMs: 15_000, description: "a replacement pod" },
    );
    await cluster.kubectl.ok(["scale", "replicaset/web", "--replicas=1"]);
    await waitFor(async () => (await replicaSet("web")).status?.replicas === 1, {
      timeoutMs: 15_000,
      description: "status replicas 1",
    });
    expect(await podsOf("web")).toHaveLength(1);
  });

  it("adopts a matching orphan and releases a pod whose labels stop matching", async () => {
    const pods = createGrpcClient(PodService, cluster.api.transport);
    const orphan = await pods.create({
      metadata: { name: "orphan", namespace: "default", labels: { app: "adopt" } },
      spec: { containers: [{ name: "app", image: "busybox" }] },
    });
    await cluster.api.request(
      "POST",
      "/apis/apps/v1/namespaces/default/replicasets",
      replicaSetManifest("adopt", 2),
    );
    await waitFor(async () => (await replicaSet("adopt")).status?.replicas === 2, {
      timeoutMs: 15_000,
      description: "2 replicas including the orphan",
    });
    const adopted = await pods.get({ namespace: "default", name: "orphan" });
    expect(adopted.metadata?.uid).toBe(orphan.metadata?.uid);
    expect(adopted.metadata?.ownerReferences[0]).toMatchObject({ name: "adopt", controller: true });
    await cluster.api.request(
      "PATCH",
      "/api/v1/namespaces/default/pods/orphan",
      { metadata: { labels: { app: "released" } } },
      "application/merge-patch+json",
    );
    await waitFor(
      async () => {
        const released = await pods.get({ namespace: "default", name: "orphan" });
        return released.metadata?.ownerReferences.length === 0 && (await podsOf("adopt")).length === 2;
      },
      { timeoutMs: 15_000, description: "the pod released and replaced" },
    );
  });
});
