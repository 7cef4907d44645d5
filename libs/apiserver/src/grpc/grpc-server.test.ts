import { connect } from "node:net";
import { clone, create } from "@bufbuild/protobuf";
import { NamespaceService, type Pod, PodSchema, PodService } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { createGrpcClient, HealthService, ServingStatus } from "@capstan/client";
import { waitFor } from "@capstan/testing";
import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GrpcApi, startGrpcApi } from "../../test/grpc/harness.js";

let api: GrpcApi;

beforeAll(async () => {
  api = await startGrpcApi({ watchCacheCapacity: 20, bookmarkIntervalMs: 100 });
  const namespaces = createGrpcClient(NamespaceService, api.transport);
  for (const name of ["watched", "expiry"]) await namespaces.create({ metadata: { name } });
});
afterAll(async () => {
  await api?.stop();
});

/** A copy of `object` with one label changed, so an update really changes something (no-op updates are not writes). */
function relabel(object: Pod, value: string): Pod {
  const copy = clone(PodSchema, object);
  if (copy.metadata) copy.metadata.labels = { ...copy.metadata.labels, touched: value };
  return copy;
}

function pod(name: string, namespace = "default", labels: Record<string, string> = {}) {
  return create(PodSchema, {
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: "app", image: "nginx:1.27" }] },
  });
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe("gRPC API over the registry", () => {
  it("creates, gets, lists, updates and deletes pods with the typed client", async () => {
    const pods = createGrpcClient(PodService, api.transport);
    const created = await pods.create(pod("crud-a", "default", { app: "web" }));
    expect(created.kind).toBe("Pod");
    expect(created.apiVersion).toBe("v1");
    expect(created.metadata?.uid).not.toBe("");
    expect(Number(created.metadata?.resourceVersion)).toBeGreaterThan(0);
    await pods.create(pod("crud-b", "default", { app: "db" }));

    const got = await pods.get({ namespace: "default", name: "crud-a" });
    expect(got.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);

    const web = await pods.list({ namespace: "default", labelSelector: "app=web" });
    expect(web.kind).toBe("PodList");
    expect(web.items.map((item) => item.metadata?.name)).toEqual(["crud-a"]);
    expect(Number(web.metadata?.resourceVersion)).toBeGreaterThan(0);

    const firstPage = await pods.list({ namespace: "default", limit: 1n });
    expect(firstPage.items).toHaveLength(1);
    expect(firstPage.metadata?.continue).not.toBe("");
    const secondPage = await pods.list({
      namespace: "default",
      limit: 1n,
      continue: firstPage.metadata?.continue,
    });
    expect(secondPage.items.map((item) => item.metadata?.name)).toEqual(["crud-b"]);

    got.metadata = { ...got.metadata, labels: { app: "web", tier: "front" } } as Pod["metadata"];
    const updated = await pods.update(got);
    expect(updated.metadata?.labels).toEqual({ app: "web", tier: "front" });
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(Number(got.metadata?.resourceVersion));

    const deleted = await pods.delete({
      namespace: "default",
      name: "crud-a",
      options: { gracePeriodSeconds: 0n },
    });
    expect(deleted.metadata?.name).toBe("crud-a");
    await pods.delete({ namespace: "default", name: "crud-b", options: { gracePeriodSeconds: 0n } });
    expect((await failure(pods.get({ namespace: "default", name: "crud-a" }))).reason).toBe("NotFound");
  });

  it("maps every kind of refusal to its gRPC code and returns the Kubernetes Status", async () => {
    const pods = createGrpcClient(PodService, api.transport);
    const missing = await failure(pods.get({ namespace: "default", name: "nope" }));
    expect(missing).toMatchObject({ reason: "NotFound", httpCode: 404, message: 'pods "nope" not found' });
    expect(missing.grpcCode).toBe(status.NOT_FOUND);

    const original = await pods.create(pod("errors-a"));
    const duplicate = await failure(pods.create(pod("errors-a")));
    expect(duplicate.reason).toBe("AlreadyExists");
    expect(duplicate.grpcCode).toBe(status.ALREADY_EXISTS);

    await pods.update(relabel(original, "first"));
    const stale = await failure(pods.update(relabel(original, "second")));
    expect(stale.reason).toBe("Conflict");
    expect(stale.grpcCode).toBe(status.ABORTED);

    const invalid = create(PodSchema, { metadata: { name: "Bad_Name", namespace: "default" } });
    const refused = await failure(pods.create(invalid));
    expect(refused.reason).toBe("Invalid");
    expect(refused.grpcCode).toBe(status.INVALID_ARGUMENT);
    expect(refused.details?.causes?.length).toBeGreaterThan(0);

    const badSelector = await failure(pods.list({ namespace: "default", labelSelector: "app in (" }));
    expect(badSelector.grpcCode).toBe(status.INVALID_ARGUMENT);

    const wrongKind = create(PodSchema, { kind: "Node", metadata: { name: "x" } });
    expect((await failure(pods.create(wrongKind))).reason).toBe("BadRequest");
    expect((await failure(pods.get({ namespace: "default", name: "" }))).reason).toBe("BadRequest");
    const badPolicy = pods.delete({
      namespace: "default",
      name: "errors-a",
      options: { propagationPolicy: "Sideways" },
    });
    expect((await failure(badPolicy)).reason).toBe("BadRequest");
  });

  it("serves cluster-scoped resources", async () => {
    const namespaces = createGrpcClient(NamespaceService, api.transport);
    const created = await namespaces.create({ metadata: { name: "grpc-team" } });
    expect(created.metadata?.namespace).toBe("");
    const list = await namespaces.list({});
    expect(list.items.map((item) => item.metadata?.name)).toContain("grpc-team");
  });

  it("watches: events in order, bookmarks if asked, and ends cleanly when the client cancels", async () => {
    const pods = createGrpcClient(PodService, api.transport);
    const start = await pods.list({ namespace: "watched" });
    const controller = new AbortController();
    const seen: string[] = [];
    let bookmarks = 0;
    const watching = (async () => {
      const stream = pods.watch(
        { namespace: "watched", resourceVersion: start.metadata?.resourceVersion, allowBookmarks: true },
        { signal: controller.signal },
      );
      for await (const event of stream) {
        if (event.type === "BOOKMARK") bookmarks++;
        else
          seen.push(
            `${event.type} ${event.object?.metadata?.name} ${event.object?.metadata?.resourceVersion}`,
          );
      }
    })();
    const a = await pods.create(pod("w1", "watched"));
    const b = await pods.update(relabel(a, "yes"));
    const c = await pods.delete({ namespace: "watched", name: "w1", options: { gracePeriodSeconds: 0n } });
    await waitFor(() => seen.length === 3, { description: `3 events, saw ${JSON.stringify(seen)}` });
    // A bookmark reports progress past the watcher's last event: make the store move on elsewhere.
    await pods.create(pod("elsewhere", "expiry"));
    await waitFor(() => bookmarks > 0, { description: "a bookmark" });
    controller.abort();
    await watching;
    expect(seen).toEqual([
      `ADDED w1 ${a.metadata?.resourceVersion}`,
      `MODIFIED w1 ${b.metadata?.resourceVersion}`,
      `DELETED w1 ${c.metadata?.resourceVersion}`,
    ]);
  });

  it("ends a watch from a revision older than the cache with OUT_OF_RANGE (Expired)", async () => {
    const pods = createGrpcClient(PodService, api.transport);
    const first = await pods.create(pod("old-0", "expiry"));
    for (let i = 1; i <= 30; i++) {
      await pods.update(relabel(await pods.get({ namespace: "expiry", name: "old-0" }), String(i)));
    }
    const consume = async () => {
      for await (const _ of pods.watch({
        namespace: "expiry",
        resourceVersion: first.metadata?.resourceVersion,
      })) {
        // the stream fails before any event
      }
    };
    const error = await failure(consume());
    expect(error.reason).toBe("Expired");
    expect(error.grpcCode).toBe(status.OUT_OF_RANGE);
  });

  it("answers the standard health check and reflection", async () => {
    const health = createGrpcClient(HealthService, api.transport);
    expect((await health.check({ service: "" })).status).toBe(ServingStatus.SERVING);
    expect((await health.check({ service: "capstan.core.v1.PodService" })).status).toBe(
      ServingStatus.SERVING,
    );
    expect((await failure(health.check({ service: "nope.Service" }))).grpcCode).toBe(status.NOT_FOUND);
    const services = await listServicesByReflection(api.address);
    expect(services).toEqual(
      expect.arrayContaining([
        "capstan.core.v1.PodService",
        "capstan.apps.v1.DeploymentService",
        "grpc.health.v1.Health",
      ]),
    );
    const described = await fileContainingSymbol(api.address, "capstan.core.v1.PodService");
    expect(described).toContain("capstan/core/v1/services.proto");
    expect(described).toContain("capstan/core/v1/pod.proto");
  });

  it("survives garbage on the port and keeps serving", async () => {
    const [host = "", port = ""] = api.address.split(":");
    for (const garbage of [
      Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
      Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x04\x09\xff\xff\xff\xff\xff\xff\xff"),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    ]) {
      await new Promise<void>((resolve) => {
        const socket = connect({ host, port: Number(port) }, () => socket.end(garbage));
        socket.on("data", () => {});
        socket.on("error", () => resolve());
        socket.on("close", () => resolve());
      });
    }
    const health = createGrpcClient(HealthService, api.transport);
    expect((await health.check({ service: "" })).status).toBe(ServingStatus.SERVING);
  });
});

/** grpc.reflection.v1 through proto-loader, as a grpcurl-style client would use it. */
async function reflect(address: string, request: Record<string, string>): Promise<Record<string, unknown>> {
  const protoLoader = await import("@grpc/proto-loader");
  const grpc = await import("@grpc/grpc-js");
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  const protoPath = require.resolve("@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto");
  const definition = grpc.loadPackageDefinition(
    protoLoader.loadSync(protoPath, { keepCase: false, oneofs: true }),
  );
  const reflection = (definition.grpc as Record<string, Record<string, Record<string, unknown>>>).reflection
    ?.v1?.ServerReflection as new (
    address: string,
    credentials: unknown,
  ) => {
    serverReflectionInfo(): NodeJS.ReadWriteStream & { end(message?: unknown): void };
    close(): void;
  };
  const client = new reflection(address, grpc.credentials.createInsecure());
  try {
    return await new Promise((resolve, reject) => {
      const call = client.serverReflectionInfo();
      call.on("data", (response: Record<string, unknown>) => resolve(response));
      call.on("error", reject);
      call.write(request as unknown as string);
      call.end();
    });
  } finally {
    client.close();
  }
}

async function listServicesByReflection(address: string): Promise<string[]> {
  const response = await reflect(address, { listServices: "*" });
  const list = response.listServicesResponse as { service: { name: string }[] };
  return list.service.map((service) => service.name);
}

async function fileContainingSymbol(address: string, symbol: string): Promise<string> {
  const response = await reflect(address, { fileContainingSymbol: symbol });
  const files = (response.fileDescriptorResponse as { fileDescriptorProto: Buffer[] }).fileDescriptorProto;
  return files.map((bytes) => Buffer.from(bytes).toString("latin1")).join("\n");
}
