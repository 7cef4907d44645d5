import { connect } from "node:net";
import { createGrpcClient, createGrpcTransport, HealthService, ServingStatus } from "@capstan/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServerFixture, startApiServer } from "./support/api-server.js";
import { requestJson } from "./support/http.js";
import { podManifest } from "./support/manifests.js";

let api: ApiServerFixture;

beforeAll(async () => {
  api = await startApiServer();
});
afterAll(async () => {
  await api?.stop();
});

const pods = "/api/v1/namespaces/default/pods";
const pod = podManifest("p");
const containers = (pod.spec as { containers: unknown[] }).containers;

interface BadRequestCase {
  readonly name: string;
  readonly method?: string;
  readonly path?: string;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly status: number;
  readonly reason: string;
  /** A fragment the Status message must contain, so the client learns what was wrong. */
  readonly says: string;
}

const cases: BadRequestCase[] = [
  {
    name: "malformed JSON",
    body: '{"apiVersion": "v1", "kind": ',
    status: 400,
    reason: "BadRequest",
    says: "JSON",
  },
  {
    name: "malformed YAML",
    body: "apiVersion: v1\nkind: Pod\nmetadata: {name: y\n  - : ]",
    contentType: "application/yaml",
    status: 400,
    reason: "BadRequest",
    says: "YAML",
  },
  { name: "a JSON array for an object", body: "[1, 2]", status: 400, reason: "BadRequest", says: "object" },
  { name: "an empty body", body: "", status: 400, reason: "BadRequest", says: "" },
  {
    name: "the wrong apiVersion",
    body: { ...pod, apiVersion: "apps/v1" },
    status: 400,
    reason: "BadRequest",
    says: "apps/v1",
  },
  {
    name: "the wrong kind",
    body: { ...pod, kind: "Service" },
    status: 400,
    reason: "BadRequest",
    says: "Service",
  },
  {
    name: "an upper-case name",
    body: { ...pod, metadata: { name: "Upper" } },
    status: 422,
    reason: "Invalid",
    says: 'metadata.name: Invalid value: "Upper"',
  },
  {
    name: "a name of 254 characters",
    body: { ...pod, metadata: { name: "a".repeat(254) } },
    status: 422,
    reason: "Invalid",
    says: "metadata.name: Invalid value",
  },
  {
    name: "an invalid label key",
    body: { ...pod, metadata: { name: "lbl", labels: { "bad key": "x" } } },
    status: 422,
    reason: "Invalid",
    says: "metadata.labels: Invalid value",
  },
  {
    name: "labels of the wrong type",
    body: { ...pod, metadata: { name: "t1", labels: 5 } },
    status: 400,
    reason: "BadRequest",
    says: "metadata.labels",
  },
  {
    name: "containers of the wrong type",
    body: { ...pod, metadata: { name: "t2" }, spec: { containers: "nginx" } },
    status: 400,
    reason: "BadRequest",
    says: "spec.containers",
  },
  {
    name: "a string for an integer",
    body: { ...pod, metadata: { name: "t3" }, spec: { containers, activeDeadlineSeconds: "ten" } },
    status: 400,
    reason: "BadRequest",
    says: "activeDeadlineSeconds",
  },
  {
    name: "replicas out of range",
    path: "/apis/apps/v1/namespaces/default/deployments",
    body: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "neg" },
      spec: {
        replicas: -1,
        selector: { matchLabels: { app: "x" } },
        template: { metadata: { labels: { app: "x" } }, spec: { containers } },
      },
    },
    status: 422,
    reason: "Invalid",
    says: "spec.replicas",
  },
  {
    name: "an unknown field under Strict",
    path: `${pods}?fieldValidation=Strict`,
    body: { ...pod, metadata: { name: "u1" }, spek: {} },
    status: 400,
    reason: "BadRequest",
    says: 'unknown field "spek"',
  },
  {
    name: "an unknown fieldValidation",
    path: `${pods}?fieldValidation=Sometimes`,
    body: pod,
    status: 400,
    reason: "BadRequest",
    says: "fieldValidation",
  },
  {
    name: "a body over 3 MiB",
    body: { ...pod, metadata: { name: "big", annotations: { blob: "x".repeat(3 * 1024 * 1024) } } },
    status: 413,
    reason: "RequestEntityTooLarge",
    says: "too large",
  },
  {
    name: "a text body",
    body: "name: x",
    contentType: "text/plain",
    status: 415,
    reason: "UnsupportedMediaType",
    says: "",
  },
  {
    name: "a bad label selector",
    method: "GET",
    path: `${pods}?labelSelector=app%20in%20(`,
    status: 400,
    reason: "BadRequest",
    says: "",
  },
  {
    name: "a bad label value",
    method: "GET",
    path: `${pods}?labelSelector=app%3D%25%25`,
    status: 400,
    reason: "BadRequest",
    says: "",
  },
  {
    name: "an unsupported field selector",
    method: "GET",
    path: `${pods}?fieldSelector=spec.unknown%3Dx`,
    status: 400,
    reason: "BadRequest",
    says: "spec.unknown",
  },
  {
    name: "a malformed field selector",
    method: "GET",
    path: `${pods}?fieldSelector=%3D%3D`,
    status: 400,
    reason: "BadRequest",
    says: "",
  },
  {
    name: "a non-numeric limit",
    method: "GET",
    path: `${pods}?limit=ten`,
    status: 400,
    reason: "BadRequest",
    says: "limit",
  },
  {
    name: "a garbage continue token",
    method: "GET",
    path: `${pods}?limit=1&continue=%7B%7D`,
    status: 400,
    reason: "BadRequest",
    says: "continue",
  },
  {
    name: "a non-numeric resourceVersion",
    method: "GET",
    path: `${pods}?watch=1&resourceVersion=abc`,
    status: 400,
    reason: "BadRequest",
    says: "abc",
  },
  {
    name: "an unknown resource",
    method: "GET",
    path: "/api/v1/namespaces/default/widgets",
    status: 404,
    reason: "NotFound",
    says: "",
  },
  {
    name: "a namespace that does not exist",
    path: "/api/v1/namespaces/nope/pods",
    body: pod,
    status: 404,
    reason: "NotFound",
    says: "nope",
  },
  {
    name: "PUT on a collection",
    method: "PUT",
    body: pod,
    status: 405,
    reason: "MethodNotAllowed",
    says: "",
  },
  {
    name: "an unknown patch type",
    method: "PATCH",
    path: `${pods}/p`,
    body: "{}",
    contentType: "application/foo+json",
    status: 415,
    reason: "UnsupportedMediaType",
    says: "",
  },
  {
    name: "a JSON patch that is not a list",
    method: "PATCH",
    path: `${pods}/p`,
    body: '{"op": "add"}',
    contentType: "application/json-patch+json",
    status: 400,
    reason: "BadRequest",
    says: "",
  },
  {
    name: "delete options of the wrong type",
    method: "DELETE",
    path: `${pods}/p`,
    body: { gracePeriodSeconds: "soon" },
    status: 400,
    reason: "BadRequest",
    says: "gracePeriodSeconds",
  },
];

describe.sequential("bad input over HTTP and gRPC", () => {
  it("has a pod to patch and delete", async () => {
    expect((await requestJson(api.url, "POST", pods, pod)).status).toBe(201);
  });

  it.each(cases)("answers $name with $status $reason", async (badCase) => {
    const response = await requestJson(
      api.url,
      badCase.method ?? "POST",
      badCase.path ?? pods,
      badCase.body,
      badCase.contentType ? { "content-type": badCase.contentType } : {},
    );
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(badCase.status);
    expect(response.body).toMatchObject({
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      reason: badCase.reason,
      code: badCase.status,
    });
    const { message } = response.body as { message: string };
    expect(message.length).toBeGreaterThan(0);
    expect(message.toLowerCase()).toContain(badCase.says.toLowerCase());
  });

  it("stored nothing from the bad requests and still has the pod", async () => {
    const listed = await requestJson(api.url, "GET", pods);
    expect(listed.body).toMatchObject({ items: [{ metadata: { name: "p" } }] });
    expect((listed.body as { items: unknown[] }).items).toHaveLength(1);
  });

  it("warns about unknown fields under Warn and drops them under Ignore", async () => {
    const warned = await requestJson(api.url, "POST", `${pods}?fieldValidation=Warn`, {
      ...pod,
      metadata: { name: "warned" },
      spek: {},
    });
    expect(warned.status).toBe(201);
    expect(warned.headers.get("warning")).toContain('unknown field \\"spek\\"');
    const ignored = await requestJson(api.url, "POST", `${pods}?fieldValidation=Ignore`, {
      ...pod,
      metadata: { name: "ignored" },
      spek: {},
    });
    expect(ignored.status).toBe(201);
    expect(ignored.headers.get("warning")).toBeNull();
  });

  it("survives garbage bytes on the HTTP and gRPC ports and keeps serving both", async () => {
    const [grpcHost = "", grpcPort = ""] = api.grpcAddress.split(":");
    const httpPort = Number(new URL(api.url).port);
    const garbage = [
      Buffer.from("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"),
      Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04\x00\x00\x00\x00\x00garbage-frames"),
      Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256)),
      Buffer.from("GET /api/v1/pods HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
    ];
    for (const port of [Number(grpcPort), httpPort]) {
      for (const bytes of garbage) await sendRaw(grpcHost, port, bytes);
    }
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
    expect((await requestJson(api.url, "GET", `${pods}/p`)).status).toBe(200);
    const transport = createGrpcTransport({ address: api.grpcAddress });
    try {
      const health = createGrpcClient(HealthService, transport);
      expect((await health.check({ service: "" })).status).toBe(ServingStatus.SERVING);
    } finally {
      transport.close();
    }
  });
});

/** Writes raw bytes to host:port and waits until the server closes the connection (or 5 s pass). */
function sendRaw(host: string, port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => socket.end(bytes));
    const timer = setTimeout(() => socket.destroy(), 5_000);
    socket.on("data", () => {});
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
