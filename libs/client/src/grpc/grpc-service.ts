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
import type {
  MethodDefinition,
  Server,
  ServerUnaryCall,
  ServerWritableStream,
  sendUnaryData,
  UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { toGrpcStatus } from "./grpc-status.js";
import { bytesToBuffer, requireService } from "./service-definition.js";
import {
  type GrpcServiceImplementation,
  type HandlerContext,
  methodPath,
  requireSupportedKind,
} from "./service-types.js";

/** Told about every failed call (after it was answered), e.g. to log 5xx errors once at the boundary. */
export type GrpcErrorListener = (error: ApiError, path: string) => void;

type Handler = (request: Message, context: HandlerContext) => unknown;

/**
 * Registers a typed implementation of a protobuf-es service on a grpc-js server. Requests are decoded here
 * (undecodable bytes are InvalidArgument, not grpc-js' INTERNAL), responses encoded here (a response that
 * does not encode is Internal), and every failure is sent as its ApiError: gRPC code, message, and the
 * Kubernetes Status in the trailers. Server-streaming handlers stop being iterated when the client cancels.
 */
export function addGrpcService<S extends DescService>(
  server: Server,
  service: S,
  implementation: GrpcServiceImplementation<S>,
  onError?: GrpcErrorListener,
): void {
  requireService(service);
  const definition: Record<string, MethodDefinition<Buffer, Buffer>> = {};
  const handlers: UntypedServiceImplementation = {};
  for (const method of service.methods) {
    const kind = requireSupportedKind(method);
    const handler = (implementation as Record<string, unknown>)[method.localName];
    if (typeof handler !== "function") {
      throw new TypeError(`${methodPath(method)}: the implementation has no ${method.localName}() handler`);
    }
    definition[method.localName] = rawDefinition(method);
    handlers[method.localName] =
      kind === "unary"
        ? unaryHandler(method, handler as Handler, onError)
        : serverStreamHandler(method, handler as Handler, onError);
  }
  server.addService(definition, handlers);
}

/** Bytes in, bytes out: decoding and encoding happen in the handlers, where failures get the right code. */
function rawDefinition(method: DescMethod): MethodDefinition<Buffer, Buffer> {
  return {
    path: methodPath(method),
    originalName: method.name,
    requestStream: false,
    responseStream: method.methodKind === "server_streaming",
    requestSerialize: (bytes) => bytes,
    requestDeserialize: (bytes) => bytes,
    responseSerialize: (bytes) => bytes,
    responseDeserialize: (bytes) => bytes,
  };
}

function unaryHandler(method: DescMethod, handler: Handler, onError?: GrpcErrorListener) {
  const path = methodPath(method);
  return (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
    const { context, finish } = contextOf(call, path);
    (async () => {
      const request = decodeRequest(method.input, call.request);
      const response = await handler(request, context);
      return encodeResponse(method.output, response as MessageInitShape<DescMessage>);
    })().then(
      (bytes) => {
        finish();
        callback(null, bytes);
      },
      (error: unknown) => {
        finish();
        const apiError = ApiError.from(error);
        callback(toGrpcStatus(apiError));
        onError?.(apiError, path);
      },
    );
  };
}

function serverStreamHandler(method: DescMethod, handler: Handler, onError?: GrpcErrorListener) {
  const path = methodPath(method);
  return (call: ServerWritableStream<Buffer, Buffer>) => {
    const { context, finish } = contextOf(call, path);
    (async () => {
      const request = decodeRequest(method.input, call.request);
      const responses = handler(request, context) as AsyncIterable<MessageInitShape<DescMessage>>;
      for await (const response of responses) {
        if (context.signal.aborted) break;
        if (!call.write(encodeResponse(method.output, response))) await drained(call, context.signal);
      }
    })().then(
      () => {
        finish();
        if (!call.cancelled) call.end();
      },
      (error: unknown) => {
        finish();
        const apiError = ApiError.from(error);
        if (!call.cancelled) call.emit("error", toGrpcStatus(apiError));
        onError?.(apiError, path);
      },
    );
  };
}

type AnyServerCall = ServerUnaryCall<Buffer, Buffer> | ServerWritableStream<Buffer, Buffer>;

/** The handler's context, with a signal that aborts when the call is cancelled; `finish` detaches it. */
function contextOf(call: AnyServerCall, path: string): { context: HandlerContext; finish: () => void } {
  const controller = new AbortController();
  const onCancelled = () => controller.abort(new Error(`${path}: the call was cancelled`));
  call.on("cancelled", onCancelled);
  if (call.cancelled) onCancelled();
  const context: HandlerContext = {
    signal: controller.signal,
    metadata: call.metadata,
    path,
    peer: call.getPeer(),
  };
  return { context, finish: () => call.removeListener("cancelled", onCancelled) };
}

function decodeRequest(schema: DescMessage, bytes: Buffer): Message {
  try {
    return fromBinary(schema, bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw ApiError.badRequest(`cannot decode ${schema.typeName}: ${reason}`);
  }
}

function encodeResponse(schema: DescMessage, response: MessageInitShape<DescMessage>): Buffer {
  try {
    return bytesToBuffer(toBinary(schema, create(schema, response)));
  } catch (error) {
    throw ApiError.from(error);
  }
}

/** Waits until the stream wants more data (backpressure) or the call is cancelled. */
function drained(call: ServerWritableStream<Buffer, Buffer>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.removeListener("drain", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    call.once("drain", done);
    signal.addEventListener("abort", done, { once: true });
  });
}
