import { create } from "@bufbuild/protobuf";
import { encodeObject, NamespaceService, type Pod, PodSchema, PodService } from "@capstan/api";
import { createGrpcClient, createGrpcTransport } from "@capstan/client";
import type { Store } from "@capstan/store";

/** The pod operations the apiserver benchmark times, through one path to the data. */
export interface CrudTarget {
  readonly name: string;
  /** Makes `namespace` usable (the API refuses writes into a namespace that does not exist). */
  namespace(namespace: string): Promise<void>;
  create(namespace: string, name: string): Promise<void>;
  get(namespace: string, name: string): Promise<void>;
  /** Changes a label of an object this target created, at its current resourceVersion. */
  update(namespace: string, name: string): Promise<void>;
  /** Returns how many pods the namespace holds. */
  list(namespace: string): Promise<number>;
  close(): Promise<void>;
}

/** The pod every target writes: one container, labels, about what a small real pod holds. */
export function benchPod(namespace: string, name: string): Pod {
  return create(PodSchema, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { app: "bench", tier: "web", rev: "0" } },
    spec: { containers: [{ name: "app", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] },
  });
}

function failIfNot(response: Response, expected: number, what: string): Promise<void> | undefined {
  if (response.status === expected) return undefined;
  return response.text().then((body) => {
    throw new Error(`${what} answered ${response.status}: ${body.slice(0, 300)}`);
  });
}

/** The Kubernetes REST API with JSON bodies (what kubectl and client-go send), over keep-alive HTTP/1.1. */
export function restTarget(baseUrl: string): CrudTarget {
  type PodJson = { metadata: { labels: Record<string, string> } };
  const objects = new Map<string, PodJson>();
  const podUrl = (namespace: string, name = "") =>
    `${baseUrl}/api/v1/namespaces/${namespace}/pods${name ? `/${name}` : ""}`;
  const send = (method: string, url: string, body?: unknown) =>
    fetch(url, {
      method,
      headers: { "content-type": "application/json", accept: "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    name: "REST",
    async namespace(namespace) {
      const response = await send("POST", `${baseUrl}/api/v1/namespaces`, {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: namespace },
      });
      await failIfNot(response, 201, `create namespace ${namespace}`);
      await response.arrayBuffer();
    },
    async create(namespace, name) {
      const response = await send("POST", podUrl(namespace), {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, labels: { app: "bench", tier: "web", rev: "0" } },
        spec: { containers: [{ name: "app", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] },
      });
      await failIfNot(response, 201, `create ${name}`);
      objects.set(`${namespace}/${name}`, (await response.json()) as PodJson);
    },
    async get(namespace, name) {
      const response = await send("GET", podUrl(namespace, name));
      await failIfNot(response, 200, `get ${name}`);
      await response.json();
    },
    async update(namespace, name) {
      const object = objects.get(`${namespace}/${name}`);
      if (!object) throw new Error(`update of ${name}, which this target did not create`);
      object.metadata.labels.rev = String(Number(object.metadata.labels.rev) + 1);
      const response = await send("PUT", podUrl(namespace, name), object);
      await failIfNot(response, 200, `update ${name}`);
      objects.set(`${namespace}/${name}`, (await response.json()) as PodJson);
    },
    async list(namespace) {
      const response = await send("GET", podUrl(namespace));
      await failIfNot(response, 200, `list ${namespace}`);
      return ((await response.json()) as { items: unknown[] }).items.length;
    },
    async close() {},
  };
}

/** The typed gRPC API (PodService), protobuf messages over one HTTP/2 channel. */
export function grpcTarget(address: string): CrudTarget {
  const transport = createGrpcTransport({ address });
  const pods = createGrpcClient(PodService, transport);
  const namespaces = createGrpcClient(NamespaceService, transport);
  const objects = new Map<string, Pod>();
  return {
    name: "gRPC",
    async namespace(namespace) {
      await namespaces.create({ metadata: { name: namespace } });
    },
    async create(namespace, name) {
      objects.set(`${namespace}/${name}`, await pods.create(benchPod(namespace, name)));
    },
    async get(namespace, name) {
      await pods.get({ namespace, name });
    },
    async update(namespace, name) {
      const object = objects.get(`${namespace}/${name}`);
      if (!object?.metadata) throw new Error(`update of ${name}, which this target did not create`);
      object.metadata.labels.rev = String(Number(object.metadata.labels.rev) + 1);
      objects.set(`${namespace}/${name}`, await pods.update(object));
    },
    async list(namespace) {
      return (await pods.list({ namespace })).items.length;
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * The same operations straight on a SQLite store, with what the apiserver stores: a pod as Kubernetes JSON
 * under `/registry/pods/<namespace>/<name>`, updated by compare-and-swap at the revision last written.
 */
export function storeTarget(store: Store): CrudTarget {
  const revisions = new Map<string, number>();
  const key = (namespace: string, name: string) => `/registry/pods/${namespace}/${name}`;
  const encoded = (namespace: string, name: string, rev: number) => {
    const pod = benchPod(namespace, name);
    if (pod.metadata) pod.metadata.labels.rev = String(rev);
    return new TextEncoder().encode(JSON.stringify(encodeObject(PodSchema, pod)));
  };
  return {
    name: "store",
    async namespace() {},
    async create(namespace, name) {
      revisions.set(
        key(namespace, name),
        (await store.create(key(namespace, name), encoded(namespace, name, 0))).modRevision,
      );
    },
    async get(namespace, name) {
      await store.get(key(namespace, name));
    },
    async update(namespace, name) {
      const at = revisions.get(key(namespace, name));
      if (at === undefined) throw new Error(`update of ${name}, which this target did not create`);
      const written = await store.update(key(namespace, name), encoded(namespace, name, at), at);
      revisions.set(key(namespace, name), written.modRevision);
    },
    async list(namespace) {
      return (await store.list({ prefix: `/registry/pods/${namespace}/` })).items.length;
    },
    close: () => store.close(),
  };
}
