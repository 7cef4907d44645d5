import { type DescMessage, type DescService, fromBinary, type Message, toBinary } from "@bufbuild/protobuf";
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import { methodPath } from "./service-types.js";

/**
 * Turns a protobuf-es service descriptor into the ServiceDefinition grpc-js expects (for `Server.addService`
 * or `makeGenericClientConstructor`): one entry per method under its local (camelCase) name, the path
 * `/<package.Service>/<Method>`, stream flags from the method kind, and protobuf binary (de)serialisers.
 * Any method kind works here; a deserialiser that meets bad bytes throws, and grpc-js reports INTERNAL.
 */
export function createServiceDefinition(service: DescService): ServiceDefinition {
  requireService(service);
  const definition: Record<string, MethodDefinition<Message, Message>> = {};
  for (const method of service.methods) {
    definition[method.localName] = {
      path: methodPath(method),
      originalName: method.name,
      requestStream: method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming",
      responseStream: method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
      requestSerialize: serializer(method.input),
      requestDeserialize: deserializer(method.input),
      responseSerialize: serializer(method.output),
      responseDeserialize: deserializer(method.output),
    };
  }
  return definition;
}

/** Throws a clear error for something that is not a protobuf-es service descriptor. */
export function requireService(service: unknown): asserts service is DescService {
  const candidate = service as Partial<DescService> | null;
  if (
    typeof candidate !== "object" ||
    candidate === null ||
    candidate.kind !== "service" ||
    !Array.isArray(candidate.methods)
  ) {
    throw new TypeError("expected a protobuf-es service descriptor (GenService/DescService)");
  }
}

function serializer(schema: DescMessage): (value: Message) => Buffer {
  return (value) => bytesToBuffer(toBinary(schema, value));
}

function deserializer(schema: DescMessage): (bytes: Buffer) => Message {
  return (bytes) => fromBinary(schema, bytes);
}

/** A Buffer view of the same memory (no copy): grpc-js wants Buffers. */
export function bytesToBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
