import { create } from "@bufbuild/protobuf";
import {
  ConfigMapService,
  DeploymentSchema,
  DeploymentService,
  NamespaceService,
  type OwnerReference,
  OwnerReferenceSchema,
  PodService,
  ReplicaSetSchema,
  ReplicaSetService,
} from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { createGarbageCollector, createNamespaceController } from "@capstan/controllers";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ControllerCluster, startControllerCluster } from "./controllers-cluster-fixture.js";

let cluster: ControllerCluster;

beforeAll(async () => {
  cluster = await startControllerCluster([createGarbageCollector, createNamespaceController]);
}, 30_000);

afterAll(async () => {
  await cluster?.stop();
});

const clients = () => ({
  deployments: cluster.context.client(DeploymentService),
  replicaSets: cluster.context.client(ReplicaSetService),
  pods: cluster.context.client(PodService),
  configMaps: cluster.context.client(ConfigMapService),
  namespaces: cluster.context.client(NamespaceService),
});

const template = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: "c", image: "busybox" }] },
});

function ownerRef(
  owner: { metadata?: { name: string; uid: string } },
  apiVersion: string,
  kind: string,
  blocking = true,
): OwnerReference {
  return create(OwnerReferenceSchema, {
    apiVersion,
    kind,
    name: owner.metadata?.name ?? "",
    uid: owner.metadata?.uid ?? "",
    controller: true,
    blockOwnerDeletion: blocking,
  });
}

async function createReplicaSet(namespace: string, name: string, owners: OwnerReference[] = []) {
  return clients().replicaSets.create(
    create(ReplicaSetSchema, {
      metadata: { namespace, name, ownerReferences: owners },
      spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: template(name) },
    }),
  );
}

async function createPod(namespace: string, name: string, owners: OwnerReference[], nodeName = "") {
  return clients().pods.create({
    metadata: { namespace, name, labels: { app: name }, ownerReferences: owners },
    spec: { nodeName, containers: [{ name: "c", image: "busybox" }] },
  });
}

async function exists(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (error) {
    if (ApiError.is(error, "NotFound")) return false;
    throw error;
  }
}

const podExists = (name: string) => exists(() => clients().pods.get({ namespace: "default", name }));
const replicaSetExists = (name: string) =>
  exists(() => clients().replicaSets.get({ namespace: "default", name }));

describe("garbage collector", () => {
  it("deletes dependents in the background once their owner is gone (Deployment → ReplicaSet → pods)", async () => {
    const deployment = await clients().deployments.create(
      create(DeploymentSchema, {
        metadata: { namespace: "default", name: "bg" },
        spec: { replicas: 0, selector: { matchLabels: { app: "bg" } }, template: template("bg") },
      }),
    );
    const replicaSet = await createReplicaSet("default", "bg-1", [
      ownerRef(deployment, "apps/v1", "Deployment"),
    ]);
    await createPod("default", "bg-1-a", [ownerRef(replicaSet, "apps/v1", "ReplicaSet")]);
    await createPod("default", "bg-1-b", [ownerRef(replicaSet, "apps/v1", "ReplicaSet")]);
    await clients().deployments.delete({ namespace: "default", name: "bg" });
    await waitFor(
      async () =>
        !(await replicaSetExists("bg-1")) && !(await podExists("bg-1-a")) && !(await podExists("bg-1-b")),
      { description: "ReplicaSet and pods collected" },
    );
  });

  it("keeps a foreground-deleted owner until its blocking dependents are gone", async () => {
    const replicaSet = await createReplicaSet("default", "fg");
    // A pod on a node is deleted gracefully: it stays (deletionTimestamp set) until its kubelet confirms.
    await createPod("default", "fg-a", [ownerRef(replicaSet, "apps/v1", "ReplicaSet")], "node-gone");
    await createPod("default", "fg-b", [ownerRef(replicaSet, "apps/v1", "ReplicaSet", false)]);
    const marked = await clients().replicaSets.delete({
      namespace: "default",
      name: "fg",
      options: { propagationPolicy: "Foreground" },
    });
    expect(marked.metadata?.finalizers).toContain("foregroundDeletion");
    await waitFor(
      async () => {
        const pod = await clients().pods.get({ namespace: "default", name: "fg-a" });
        return pod.metadata?.deletionTimestamp !== undefined && !(await podExists("fg-b"));
      },
      { description: "dependents being deleted" },
    );
    expect(await replicaSetExists("fg")).toBe(true);
    // The "kubelet" confirms: the last blocking dependent goes, so the owner may go.
    await clients().pods.delete({ namespace: "default", name: "fg-a", options: { gracePeriodSeconds: 0n } });
    await waitFor(async () => !(await replicaSetExists("fg")), {
      description: "owner gone after dependents",
    });
  });

  it("orphans dependents: owner references stripped, dependents kept", async () => {
    const replicaSet = await createReplicaSet("default", "orph");
    await createPod("default", "orph-a", [ownerRef(replicaSet, "apps/v1", "ReplicaSet")]);
    await clients().replicaSets.delete({
      namespace: "default",
      name: "orph",
      options: { propagationPolicy: "Orphan" },
    });
    await waitFor(async () => !(await replicaSetExists("orph")), { description: "owner gone" });
    const pod = await clients().pods.get({ namespace: "default", name: "orph-a" });
    expect(pod.metadata?.ownerReferences).toEqual([]);
  });

  it("drops the reference to a gone owner while another owner remains", async () => {
    const { configMaps } = clients();
    const first = await configMaps.create({ metadata: { namespace: "default", name: "owner-1" } });
    const second = await configMaps.create({ metadata: { namespace: "default", name: "owner-2" } });
    await configMaps.create({
      metadata: {
        namespace: "default",
        name: "shared",
        ownerReferences: [
          ownerRef(first, "v1", "ConfigMap", false),
          { ...ownerRef(second, "v1", "ConfigMap", false), controller: false },
        ],
      },
    });
    await configMaps.delete({ namespace: "default", name: "owner-1" });
    const kept = await waitFor(
      async () => {
        const shared = await configMaps.get({ namespace: "default", name: "shared" });
        return shared.metadata?.ownerReferences.length === 1 ? shared : undefined;
      },
      { description: "reference to owner-1 dropped" },
    );
    expect(kept.metadata?.ownerReferences[0]?.name).toBe("owner-2");
  });
});

describe("namespace controller", () => {
  it("empties a deleted namespace, then it goes", async () => {
    const { namespaces, configMaps } = clients();
    await namespaces.create({ metadata: { name: "doomed" } });
    const replicaSet = await createReplicaSet("doomed", "rs");
    await createPod("doomed", "rs-a", [ownerRef(replicaSet, "apps/v1", "ReplicaSet")]);
    await configMaps.create({ metadata: { namespace: "doomed", name: "settings" } });
    const terminating = await namespaces.delete({ namespace: "", name: "doomed" });
    expect(terminating.status?.phase).toBe("Terminating");
    await waitFor(async () => !(await exists(() => namespaces.get({ namespace: "", name: "doomed" }))), {
      description: "namespace gone",
    });
    expect((await configMaps.list({ namespace: "doomed" })).items).toEqual([]);
    expect((await clients().pods.list({ namespace: "doomed" })).items).toEqual([]);
  });
});
