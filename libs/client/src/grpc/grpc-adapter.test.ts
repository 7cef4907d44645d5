import { create } from "@bufbuild/protobuf";
import { ApiError } from "@capstan/apimachinery";
import { waitFor } from "@capstan/testing";
import { Client, credentials, Metadata, Server, ServerCredentials, status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGrpcClient, createGrpcTransport, type GrpcTransport } from "./grpc-client.js";
import { addGrpcService } from "./grpc-service.js";
import { apiErrorFromGrpc, STATUS_METADATA_KEY } from "./grpc-status.js";
import {
  HealthCheckRequestSchema,
  HealthCheckResponseSchema,
  HealthService,
  ServingStatus,
} from "./health-service.js";
import { createServiceDefinition } from "./service-definition.js";

/** A test implementation of the health service that exercises every path of the adapter. */
let watchStopped = 0;
const failures: string[] = [];

async function* statuses(service: string, signal: AbortSignal) {
  if (service === "boom") throw new Error("watch exploded");
  for (let i = 0; i < 1000 && !signal.aborted; i++) {
    yield { status: i % 2 === 0 ? ServingStatus.SERVING : ServingStatus.NOT_SERVING };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  watchStopped++;
}

let server: Server;
let address: string;
let transport: GrpcTransport;

beforeAll(async () => {
  server = new Server();
  addGrpcService(
    server,
    HealthService,
    {
      async check(request, { signal }) {
        if (request.service === "slow") {
          await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        }
        if (request.service === "missing") throw ApiError.notFound("services", "missing");
        if (request.service === "crash") throw new TypeError("handler bug");
        return { status: ServingStatus.SERVING };
      },
      watch: (request, { signal }) => statuses(request.service, signal),
    },
    (error, path) => failures.push(`${path} ${error.reason}`),
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  address = `127.0.0.1:${port}`;
  transport = createGrpcTransport({ address });
});

afterAll(() => {
  transport?.close();
  server?.forceShutdown();
});

describe("typed gRPC client and server over a protobuf-es descriptor", () => {
  it("calls a unary method", async () => {
    const health = createGrpcClient(HealthService, transport);
    const response = await health.check({ service: "" });
    expect(response.status).toBe(ServingStatus.SERVING);
    expect(response.$typeName).toBe("grpc.health.v1.HealthCheckResponse");
  });

  it("carries the Kubernetes Status of an ApiError to the client", async () => {
    const health = createGrpcClient(HealthService, transport);
    const error = await health.check({ service: "missing" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.reason).toBe("NotFound");
    expect(apiError.httpCode).toBe(404);
    expect(apiError.grpcCode).toBe(status.NOT_FOUND);
    expect(apiError.message).toBe('services "missing" not found');
    expect(apiError.details).toMatchObject({ name: "missing", kind: "services" });
  });

  it("turns an unexpected throw into Internal, without its stack", async () => {
    const health = createGrpcClient(HealthService, transport);
    const error = await health.check({ service: "crash" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: "InternalError", httpCode: 500 });
    expect((error as ApiError).message).toContain("handler bug");
    expect((error as ApiError).message).not.toContain("at ");
    expect(failures).toContain("/grpc.health.v1.Health/Check InternalError");
  });

  it("streams server responses and stops the server side when the consumer leaves", async () => {
    const health = createGrpcClient(HealthService, transport);
    const before = watchStopped;
    const seen: number[] = [];
    for await (const response of health.watch({ service: "" })) {
      seen.push(response.status);
      if (seen.length === 4) break;
    }
    expect(seen).toEqual([1, 2, 1, 2]);
    await waitFor(() => watchStopped === before + 1, { description: "the server stream to stop" });
  });

  it("ends a stream cleanly when the caller aborts", async () => {
    const health = createGrpcClient(HealthService, transport);
    const controller = new AbortController();
    let count = 0;
    for await (const _ of health.watch({ service: "" }, { signal: controller.signal })) {
      if (++count === 2) controller.abort();
    }
    expect(count).toBeGreaterThanOrEqual(2);
  });

  it("fails a stream with the handler's error", async () => {
    const health = createGrpcClient(HealthService, transport);
    const consume = async () => {
      for await (const _ of health.watch({ service: "boom" })) {
        // no messages expected
      }
    };
    await expect(consume()).rejects.toMatchObject({ reason: "InternalError" });
  });

  it("rejects an aborted unary call with the abort reason and a timed-out one with Timeout", async () => {
    const health = createGrpcClient(HealthService, transport);
    const controller = new AbortController();
    const pending = health.check({ service: "slow" }, { signal: controller.signal });
    controller.abort(new Error("caller gave up"));
    await expect(pending).rejects.toThrow("caller gave up");
    await expect(health.check({ service: "slow" }, { timeoutMs: 50 })).rejects.toMatchObject({
      reason: "Timeout",
      httpCode: 504,
    });
  });

  it("answers undecodable request bytes with InvalidArgument and keeps serving", async () => {
    const raw = new Client(address, credentials.createInsecure());
    const error = await new Promise<unknown>((resolve) => {
      raw.makeUnaryRequest(
        "/grpc.health.v1.Health/Check",
        (bytes: Buffer) => bytes,
        (bytes: Buffer) => bytes,
        Buffer.from([0x0a, 0xff, 0xff, 0xff]),
        new Metadata(),
        {},
        (caught) => resolve(caught),
      );
    });
    raw.close();
    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT });
    expect(apiErrorFromGrpc(error).reason).toBe("BadRequest");
    const health = createGrpcClient(HealthService, transport);
    await expect(health.check({ service: "" })).resolves.toMatchObject({ status: ServingStatus.SERVING });
  });

  it("reports an unreachable server as ServiceUnavailable", async () => {
    const closed = createGrpcTransport({ address: "127.0.0.1:1" });
    const health = createGrpcClient(HealthService, closed);
    await expect(health.check({ service: "" }, { timeoutMs: 5_000 })).rejects.toMatchObject({
      reason: "ServiceUnavailable",
    });
    closed.close();
  });

  it("refuses what is not a service descriptor or an implementation without a handler", () => {
    expect(() => createGrpcClient({} as typeof HealthService, transport)).toThrow(TypeError);
    const other = new Server();
    expect(() =>
      addGrpcService(other, HealthService, { check: () => ({}) } as unknown as Parameters<
        typeof addGrpcService<typeof HealthService>
      >[2]),
    ).toThrow(/no watch\(\) handler/);
    expect(() => createGrpcTransport({ address: "" })).toThrow(TypeError);
  });
});

describe("createServiceDefinition", () => {
  it("derives paths, stream flags and binary (de)serialisers from the descriptor", () => {
    const definition = createServiceDefinition(HealthService);
    expect(definition.check).toMatchObject({
      path: "/grpc.health.v1.Health/Check",
      requestStream: false,
      responseStream: false,
    });
    expect(definition.watch).toMatchObject({ path: "/grpc.health.v1.Health/Watch", responseStream: true });
    const request = create(HealthCheckRequestSchema, { service: "capstan.core.v1.PodService" });
    const bytes = definition.check?.requestSerialize(request);
    expect(bytes).toBeInstanceOf(Buffer);
    expect(definition.check?.requestDeserialize(bytes as Buffer)).toEqual(request);
    const response = create(HealthCheckResponseSchema, { status: ServingStatus.NOT_SERVING });
    expect(definition.watch?.responseDeserialize(definition.watch.responseSerialize(response))).toEqual(
      response,
    );
  });
});

describe("apiErrorFromGrpc", () => {
  it("maps bare gRPC codes and ignores a garbled Status", () => {
    const metadata = new Metadata();
    metadata.set(STATUS_METADATA_KEY, Buffer.from("{not json"));
    expect(apiErrorFromGrpc({ code: status.ABORTED, details: "stale", metadata })).toMatchObject({
      reason: "Conflict",
      httpCode: 409,
      message: "stale",
    });
    expect(apiErrorFromGrpc({ code: status.OUT_OF_RANGE, details: "too old" }).reason).toBe("Expired");
    expect(apiErrorFromGrpc({ code: 99, details: "" }).httpCode).toBe(500);
    expect(apiErrorFromGrpc("text").reason).toBe("InternalError");
  });
});
