import {
  create,
  type DescMessage,
  type DescMethod,
  type DescService,
  fromBinary,
  type Message,
  type MessageInitShape,
  toBinary,
} from "@bufbuild/protobuf";
import { ApiError } from "@capstan/apimachinery";
import {
  type ChannelCredentials,
  type ChannelOptions,
  Client,
  credentials,
  type CallOptions as GrpcCallOptions,
  Metadata,
} from "@grpc/grpc-js";
import { apiErrorFromGrpc } from "./grpc-status.js";
import { bytesToBuffer, requireService } from "./service-definition.js";
import { type CallOptions, type GrpcClient, methodPath, requireSupportedKind } from "./service-types.js";

/** One connection (grpc-js channel) to a gRPC server, shared by the typed clients of every service on it. */
export interface GrpcTransport {
  /** The underlying grpc-js client (any service's methods can be called through it by path). */
  readonly client: Client;
  /** Closes the channel; calls in flight fail with UNAVAILABLE/CANCELLED. */
  close(): void;
}

export interface GrpcTransportOptions {
  /** `host:port`, e.g. `127.0.0.1:6444`. */
  readonly address: string;
  /** Defaults to insecure (plaintext) credentials. */
  readonly credentials?: ChannelCredentials;
  readonly channelOptions?: ChannelOptions;
}

/** Opens a channel to a gRPC server (connects lazily, reconnects by itself). */
export function createGrpcTransport(options: GrpcTransportOptions): GrpcTransport {
  if (typeof options?.address !== "string" || options.address === "") {
    throw new TypeError("createGrpcTransport: address must be a non-empty host:port string");
  }
  const client = new Client(
    options.address,
    options.credentials ?? credentials.createInsecure(),
    options.channelOptions ?? {},
  );
  return { client, close: () => client.close() };
}

/**
 * A typed client for one service over `transport`: `await pods.get({ namespace, name })`,
 * `for await (const event of pods.watch({ namespace }))`. Every failure is an ApiError carrying the
 * server's Status; an invalid request message is a BadRequest before anything is sent.
 */
export function createGrpcClient<S extends DescService>(service: S, transport: GrpcTransport): GrpcClient<S> {
  requireService(service);
  const client: Record<string, unknown> = {};
  for (const method of service.methods) {
    client[method.localName] =
      requireSupportedKind(method) === "unary"
        ? unaryCaller(transport.client, method)
        : serverStreamCaller(transport.client, method);
  }
  return client as GrpcClient<S>;
}

type Init = MessageInitShape<DescMessage>;

function unaryCaller(client: Client, method: DescMethod) {
  const path = methodPath(method);
  const deserialize = (bytes: Buffer): Message => fromBinary(method.output, bytes);
  return (request: Init, options: CallOptions = {}): Promise<Message> => {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        call.cancel();
        reject(signal?.reason);
      };
      const call = client.makeUnaryRequest(
        path,
        identity,
        deserialize,
        encodeRequest(method, request),
        toMetadata(options),
        toGrpcOptions(options),
        (error, response) => {
          signal?.removeEventListener("abort", onAbort);
          if (error) reject(apiErrorFromGrpc(error));
          else if (response) resolve(response);
          else reject(ApiError.internal(`${path}: empty response`));
        },
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  };
}

function serverStreamCaller(client: Client, method: DescMethod) {
  const path = methodPath(method);
  const deserialize = (bytes: Buffer): Message => fromBinary(method.output, bytes);
  return (request: Init, options: CallOptions = {}): AsyncIterable<Message> => ({
    async *[Symbol.asyncIterator]() {
      const { signal } = options;
      if (signal?.aborted) return;
      const bytes = encodeRequest(method, request);
      const call = client.makeServerStreamRequest(
        path,
        identity,
        deserialize,
        bytes,
        toMetadata(options),
        toGrpcOptions(options),
      );
      const onAbort = () => call.cancel();
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        for await (const message of call) yield message as Message;
      } catch (error) {
        if (signal?.aborted) return;
        throw apiErrorFromGrpc(error);
      } finally {
        signal?.removeEventListener("abort", onAbort);
        // Stops the server's stream when the consumer leaves the loop early.
        call.cancel();
      }
    },
  });
}

function encodeRequest(method: DescMethod, request: Init): Buffer {
  try {
    return bytesToBuffer(toBinary(method.input, create(method.input, request)));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw ApiError.badRequest(`${methodPath(method)}: invalid ${method.input.typeName}: ${reason}`);
  }
}

function toMetadata(options: CallOptions): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(options.metadata ?? {})) {
    try {
      metadata.set(key, value);
    } catch (error) {
      throw ApiError.badRequest(`invalid metadata ${JSON.stringify(key)}: ${(error as Error).message}`);
    }
  }
  return metadata;
}

function toGrpcOptions(options: CallOptions): GrpcCallOptions {
  if (options.timeoutMs === undefined) return {};
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    throw ApiError.badRequest(`timeoutMs must be a positive number, got ${String(options.timeoutMs)}`);
  }
  return { deadline: Date.now() + options.timeoutMs };
}

function identity(bytes: Buffer): Buffer {
  return bytes;
}
