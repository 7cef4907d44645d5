import type {
  DescMessage,
  DescMethod,
  DescService,
  MessageInitShape,
  MessageShape,
} from "@bufbuild/protobuf";
import type { Metadata } from "@grpc/grpc-js";

/** The method kinds Capstan's gRPC adapter serves and calls (every Capstan service uses only these). */
export type SupportedMethodKind = "unary" | "server_streaming";

type MethodsOf<S extends DescService> = S["method"];

type UnaryMethod<I extends DescMessage, O extends DescMessage> = {
  methodKind: "unary";
  input: I;
  output: O;
};
type ServerStreamingMethod<I extends DescMessage, O extends DescMessage> = {
  methodKind: "server_streaming";
  input: I;
  output: O;
};

/** Per-call options of a typed client. */
export interface CallOptions {
  /** Cancels the call: a unary call rejects with the signal's reason; a stream simply ends. */
  readonly signal?: AbortSignal;
  /** Fails the call with Timeout (gRPC DEADLINE_EXCEEDED) after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Extra request metadata (ASCII values). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * A typed gRPC client for one protobuf-es service descriptor: unary methods return promises, server-streaming
 * methods return async iterables. Failures are ApiErrors (see apiErrorFromGrpc).
 */
export type GrpcClient<S extends DescService> = {
  [K in keyof MethodsOf<S>]: MethodsOf<S>[K] extends UnaryMethod<infer I, infer O>
    ? (request: MessageInitShape<I>, options?: CallOptions) => Promise<MessageShape<O>>
    : MethodsOf<S>[K] extends ServerStreamingMethod<infer I, infer O>
      ? (request: MessageInitShape<I>, options?: CallOptions) => AsyncIterable<MessageShape<O>>
      : never;
};

/** What a server handler learns about its call. */
export interface HandlerContext {
  /** Aborts when the client cancels, the deadline passes or the connection drops. */
  readonly signal: AbortSignal;
  readonly metadata: Metadata;
  /** The method, e.g. `/capstan.core.v1.PodService/List`. */
  readonly path: string;
  readonly peer: string;
}

/**
 * A server implementation of one service descriptor: a unary handler returns (a promise of) the response;
 * a server-streaming handler returns an async iterable of responses. Anything thrown is sent to the client
 * as its ApiError (code, message, and the Status in the trailers).
 */
export type GrpcServiceImplementation<S extends DescService> = {
  [K in keyof MethodsOf<S>]: MethodsOf<S>[K] extends UnaryMethod<infer I, infer O>
    ? (
        request: MessageShape<I>,
        context: HandlerContext,
      ) => Promise<MessageInitShape<O>> | MessageInitShape<O>
    : MethodsOf<S>[K] extends ServerStreamingMethod<infer I, infer O>
      ? (request: MessageShape<I>, context: HandlerContext) => AsyncIterable<MessageInitShape<O>>
      : never;
};

/** The path grpc-js and every other gRPC implementation uses for a method: `/<package.Service>/<Method>`. */
export function methodPath(method: DescMethod): string {
  return `/${method.parent.typeName}/${method.name}`;
}

/** Throws for a method kind the adapter does not handle (client or bidirectional streaming). */
export function requireSupportedKind(method: DescMethod): SupportedMethodKind {
  if (method.methodKind === "unary" || method.methodKind === "server_streaming") return method.methodKind;
  throw new TypeError(
    `${methodPath(method)}: ${method.methodKind} methods are not supported by the Capstan gRPC adapter`,
  );
}
