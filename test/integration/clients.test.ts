import { create } from "@bufbuild/protobuf";
import { PodSchema, PodService } from "@capstan/api";
import { createGrpcClient, createGrpcTransport, type GrpcTransport } from "@capstan/client";
import { waitFor } from "@capstan/testing";
import { CoreV1Api, KubeConfig, type V1Pod, Watch } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServerFixture, startApiServer } from "./support/api-server.js";

let api: ApiServerFixture;
let transport: GrpcTransport;
let core: CoreV1Api;
let kubeConfig: KubeConfig;

beforeAll(async () => {
  api = await startApiServer();
  transport = createGrpcTransport({ address: api.grpcAddress });
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: "capstan", server: api.url, skipTLSVerify: true }],
    users: [{ name: "tester" }],
    contexts: [{ name: "capstan", cluster: "capstan", user: "tester", namespace: "default" }],
    currentContext: "capstan",
  });
  core = kubeConfig.makeApiClient(CoreV1Api);
});
afterAll(async () => {
  transport?.close();
  await api?.stop();
});

const grpcPod = (name: string, labels: Record<string, string>) =>
  create(PodSchema, {
    metadata: { name, namespace: "default", labels },
    spec: { containers: [{ name: "app", image: "nginx:1.27" }] },
  });

const restPod = (name: string, labels: Record<string, string>): V1Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, labels },
  spec: { containers: [{ name: "app", image: "nginx:1.27" }] },
});

describe.sequential("API clients against the apiserver", () => {
  it("@kubernetes/client-node lists and watches what a gRPC client writes", async () => {
    const pods = createGrpcClient(PodService, transport);
    const first = await pods.create(grpcPod("node-a", { client: "node" }));
    await pods.create(grpcPod("other", { client: "elsewhere" }));

    const list = await core.listNamespacedPod({ namespace: "default", labelSelector: "client=node" });
    expect(list.items.map((pod) => pod.metadata?.name)).toEqual(["node-a"]);
    expect(list.items[0]?.metadata?.uid).toBe(first.metadata?.uid);
    expect(list.items[0]?.spec?.restartPolicy).toBe("Always");
    const revision = list.metadata?.resourceVersion;
    expect(revision).toMatch(/^\d+$/);

    const seen: string[] = [];
    let ended: unknown = "open";
    const watch = await new Watch(kubeConfig).watch(
      "/api/v1/namespaces/default/pods",
      { labelSelector: "client=node", resourceVersion: revision },
      (type, object: V1Pod) =>
        seen.push(`${type} ${object.metadata?.name} ${object.metadata?.resourceVersion}`),
      (error) => {
        ended = error;
      },
    );
    try {
      const b = await pods.create(grpcPod("node-b", { client: "node" }));
      await pods.create(grpcPod("ignored", { client: "elsewhere" }));
      const a = await pods.update({
        ...first,
        metadata: { ...first.metadata, labels: { client: "node", v: "2" } },
      } as typeof first);
      const gone = await pods.delete({ namespace: "default", name: "node-b" });
      await waitFor(() => seen.length >= 3, { description: `3 watch events, saw ${JSON.stringify(seen)}` });
      expect(seen).toEqual([
        `ADDED node-b ${b.metadata?.resourceVersion}`,
        `MODIFIED node-a ${a.metadata?.resourceVersion}`,
        `DELETED node-b ${gone.metadata?.resourceVersion}`,
      ]);
      expect(ended).toBe("open");
    } finally {
      watch.abort();
    }
  });

  it("a gRPC client lists and watches what @kubernetes/client-node writes", async () => {
    const pods = createGrpcClient(PodService, transport);
    const created = await core.createNamespacedPod({
      namespace: "default",
      body: restPod("grpc-a", { client: "grpc" }),
    });
    const list = await pods.list({ namespace: "default", labelSelector: "client=grpc" });
    expect(list.items.map((pod) => pod.metadata?.name)).toEqual(["grpc-a"]);
    expect(list.items[0]?.metadata?.uid).toBe(created.metadata?.uid);
    expect(list.items[0]?.spec?.containers[0]?.imagePullPolicy).toBe("IfNotPresent");

    const controller = new AbortController();
    const seen: string[] = [];
    const watching = (async () => {
      const stream = pods.watch(
        {
          namespace: "default",
          labelSelector: "client=grpc",
          resourceVersion: list.metadata?.resourceVersion,
        },
        { signal: controller.signal },
      );
      for await (const event of stream) {
        seen.push(`${event.type} ${event.object?.metadata?.name} ${event.object?.metadata?.resourceVersion}`);
      }
    })();
    try {
      const b = await core.createNamespacedPod({
        namespace: "default",
        body: restPod("grpc-b", { client: "grpc" }),
      });
      const patched = await core.patchNamespacedPod({
        namespace: "default",
        name: "grpc-a",
        body: [{ op: "add", path: "/metadata/labels/v", value: "2" }],
      });
      const gone = await core.deleteNamespacedPod({ namespace: "default", name: "grpc-b" });
      await waitFor(() => seen.length >= 3, { description: `3 watch events, saw ${JSON.stringify(seen)}` });
      expect(seen).toEqual([
        `ADDED grpc-b ${b.metadata?.resourceVersion}`,
        `MODIFIED grpc-a ${patched.metadata?.resourceVersion}`,
        `DELETED grpc-b ${gone.metadata?.resourceVersion}`,
      ]);
    } finally {
      controller.abort();
      await watching.catch(() => {});
    }
  });
});
