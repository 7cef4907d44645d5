import { create, toBinary } from "@bufbuild/protobuf";
import { GetRequestSchema, ListRequestSchema, PodSchema, WatchRequestSchema } from "@capstan/api";
import { createGrpcClient, HealthService, ServingStatus } from "@capstan/client";
import { Client, credentials, Metadata, status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GrpcApi, startGrpcApi } from "../../test/grpc/harness.js";

let api: GrpcApi;
let raw: Client;

beforeAll(async () => {
  api = await startGrpcApi();
  raw = new Client(api.address, credentials.createInsecure());
});
afterAll(async () => {
  raw?.close();
  await api?.stop();
});

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A few bytes of a valid request overwritten, and sometimes the tail cut off. */
function mutate(bytes: Uint8Array, next: () => number): Buffer {
  const out = Buffer.from(bytes);
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) out[Math.floor(next() * out.length)] = Math.floor(next() * 256);
  return next() < 0.2 ? out.subarray(0, Math.floor(next() * out.length)) : out;
}

function noise(next: () => number): Buffer {
  return Buffer.from(Array.from({ length: Math.floor(next() * 64) }, () => Math.floor(next() * 256)));
}

const identity = (bytes: Buffer) => bytes;

function unary(path: string, request: Buffer): Promise<number> {
  return new Promise((resolve) => {
    raw.makeUnaryRequest(
      path,
      identity,
      identity,
      request,
      new Metadata(),
      { deadline: Date.now() + 5_000 },
      (error) => resolve(error ? (error.code ?? status.UNKNOWN) : status.OK),
    );
  });
}

/** A watch that was accepted may stay quiet: an event, or still running at the deadline, means accepted. */
function watch(path: string, request: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const call = raw.makeServerStreamRequest(path, identity, identity, request, new Metadata(), {
      deadline: Date.now() + 1_000,
    });
    call.on("data", () => call.cancel());
    call.on("error", (error: { code?: number }) => {
      const accepted = error.code === status.CANCELLED || error.code === status.DEADLINE_EXCEEDED;
      resolve(accepted ? status.OK : (error.code ?? status.UNKNOWN));
    });
    call.on("end", () => resolve(status.OK));
  });
}

const SEEDS = {
  Get: toBinary(GetRequestSchema, create(GetRequestSchema, { namespace: "default", name: "web" })),
  List: toBinary(
    ListRequestSchema,
    create(ListRequestSchema, { namespace: "default", labelSelector: "a=b", limit: 5n }),
  ),
  Create: toBinary(
    PodSchema,
    create(PodSchema, {
      metadata: { name: "fuzz", namespace: "default", labels: { app: "x" } },
      spec: { containers: [{ name: "c", image: "nginx", ports: [{ containerPort: 80 }] }] },
    }),
  ),
  Watch: toBinary(
    WatchRequestSchema,
    create(WatchRequestSchema, { namespace: "default", resourceVersion: "1" }),
  ),
};

describe("gRPC fuzz", () => {
  it("answers thousands of random and mutated requests without a server error, and keeps serving", async () => {
    const next = random(20_261_125);
    const codes = new Map<number, number>();
    const serverErrors: string[] = [];
    const record = (method: string, bytes: Buffer, code: number) => {
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (code === status.INTERNAL || code === status.UNKNOWN)
        serverErrors.push(`${method} ${bytes.toString("hex")}`);
    };
    const request = (seed: Uint8Array) => (next() < 0.25 ? noise(next) : mutate(seed, next));
    // Unary calls fifty at a time: enough to overlap, few enough for a small machine.
    for (let batch = 0; batch < 36; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const method = (["Get", "List", "Create"] as const)[(batch * 50 + i) % 3] ?? "Get";
          const bytes = request(SEEDS[method]);
          return unary(`/capstan.core.v1.PodService/${method}`, bytes).then((code) =>
            record(method, bytes, code),
          );
        }),
      );
    }
    // Watches all at once (a quiet accepted watch waits for its deadline).
    await Promise.all(
      Array.from({ length: 200 }, () => {
        const bytes = request(SEEDS.Watch);
        return watch("/capstan.core.v1.PodService/Watch", bytes).then((code) => record("Watch", bytes, code));
      }),
    );
    expect(serverErrors).toEqual([]);
    expect(codes.get(status.INVALID_ARGUMENT)).toBeGreaterThan(100);
    expect([...codes.values()].reduce((sum, count) => sum + count, 0)).toBe(2_000);
    const health = createGrpcClient(HealthService, api.transport);
    expect((await health.check({ service: "" })).status).toBe(ServingStatus.SERVING);
  });
});
