import { connect } from "node:net";
import { createGrpcClient, createGrpcTransport, HealthService, ServingStatus } from "@capstan/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServerFixture, startApiServer } from "./support/api-server.js";
import { cases, pod, pods } from "./support/bad-requests.js";
import { requestJson } from "./support/http.js";

let api: ApiServerFixture;

beforeAll(async () => {
  api = await startApiServer();
});
afterAll(async () => {
  await api?.stop();
});

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
