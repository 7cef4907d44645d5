import type { DescService } from "@bufbuild/protobuf";
import type { ApiError } from "@capstan/apimachinery";
import { addGrpcService, HealthService, ServingStatus } from "@capstan/client";
import type { Logger, Runnable } from "@capstan/runtime";
import { Server, ServerCredentials } from "@grpc/grpc-js";
import type { Registry } from "../registry/registry.js";
import { HealthRegistry } from "./health.js";
import { addReflection } from "./reflection.js";
import { resourceServiceImplementation } from "./resource-service.js";
import { serviceForResource } from "./resource-services.js";

/** Kubernetes refuses request bodies over 3 MiB; gRPC messages get the same limit (RESOURCE_EXHAUSTED). */
const MAX_MESSAGE_BYTES = 3 * 1024 * 1024;
/** How long in-flight unary calls get to finish on shutdown before they are cancelled. */
const SHUTDOWN_GRACE_MS = 5_000;

export interface GrpcServerOptions {
  readonly registry: Registry;
  readonly logger: Logger;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** 0 picks a free port (see `ready()`). */
  readonly port: number;
}

/** The gRPC API as a runnable; `ready()` resolves with the bound address once it listens. */
export interface GrpcServer extends Runnable {
  ready(): Promise<{ host: string; port: number }>;
  /** The health statuses served (the apiserver may mark services NOT_SERVING). */
  readonly health: HealthRegistry;
}

/**
 * The typed gRPC API: one service per resource (PodService, DeploymentService, ...) over the registry,
 * the standard health service (grpc.health.v1) and server reflection. Failures carry the same Kubernetes
 * Status as REST errors (see @capstan/client's toGrpcStatus); errors the server caused are logged here.
 */
export function createGrpcServer(options: GrpcServerOptions): GrpcServer {
  const host = options.host ?? "127.0.0.1";
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535) {
    throw new RangeError(
      `createGrpcServer: port must be an integer in 0..65535, got ${String(options.port)}`,
    );
  }
  const logger = options.logger.child({ runnable: "grpc" });
  const health = new HealthRegistry();
  let bound: (address: { host: string; port: number }) => void = () => {};
  let failed: (error: unknown) => void = () => {};
  const readyPromise = new Promise<{ host: string; port: number }>((resolve, reject) => {
    bound = resolve;
    failed = reject;
  });
  readyPromise.catch(() => {});

  const onError = (error: ApiError, path: string) => {
    if (error.httpCode >= 500) logger.error({ err: error.cause ?? error, method: path }, "gRPC call failed");
    else logger.debug({ method: path, reason: error.reason, message: error.message }, "gRPC call refused");
  };

  function buildServer(stopping: AbortSignal): Server {
    const server = new Server({
      "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
      "grpc.keepalive_time_ms": 30_000,
      "grpc.keepalive_timeout_ms": 10_000,
    });
    const served: DescService[] = [HealthService];
    addGrpcService(server, HealthService, health.implementation());
    for (const resource of options.registry.resources) {
      const service = serviceForResource(resource.type);
      if (!service) {
        logger.warn(
          { resource: resource.type.resource },
          "no gRPC service defined in proto/; not served over gRPC",
        );
        continue;
      }
      addGrpcService(server, service, resourceServiceImplementation(service, resource, stopping), onError);
      served.push(service);
      health.set(service.typeName, ServingStatus.NOT_SERVING);
    }
    addReflection(server, served);
    return server;
  }

  return {
    name: "grpc",
    health,
    ready: () => readyPromise,
    async start(signal) {
      // Watch streams never finish on their own: end them when the server stops, so clients move on.
      const stopping = new AbortController();
      const server = buildServer(stopping.signal);
      let port: number;
      try {
        port = await new Promise<number>((resolve, reject) =>
          server.bindAsync(
            `${host}:${options.port}`,
            ServerCredentials.createInsecure(),
            (error, boundPort) => (error ? reject(error) : resolve(boundPort)),
          ),
        );
      } catch (error) {
        failed(error);
        throw error;
      }
      markAll(health, ServingStatus.SERVING);
      logger.info({ host, port }, "gRPC API listening");
      bound({ host, port });
      await new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        else signal.addEventListener("abort", () => resolve(), { once: true });
      });
      health.shutDown();
      stopping.abort();
      await shutdown(server);
      logger.info("gRPC API stopped");
    },
  };
}

function markAll(health: HealthRegistry, status: ServingStatus): void {
  health.set("", status);
  for (const service of health.services()) health.set(service, status);
}

/** Lets in-flight calls finish for a while, then cancels what is left. */
function shutdown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
