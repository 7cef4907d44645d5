import { type DescMessage, isMessage, type Message, type MessageShape } from "@bufbuild/protobuf";
import { DecodeError, describeJson, EncodeError } from "../codec/codec-error.js";
import { readEnvelope, writeEnvelope } from "./envelope.js";
import { readMessage } from "./read-message.js";
import { isObjectSchema, type KubernetesSchemaLookup } from "./schema-lookup.js";
import { writeMessage } from "./write-message.js";

/** An object decoded from Kubernetes protobuf, and the fields it had that the schema lacks. */
export interface KubernetesProtobufResult<T> {
  /** The apiVersion and kind of the envelope (runtime.Unknown's typeMeta). */
  readonly apiVersion: string;
  readonly kind: string;
  /** The schema the object was read with (the one given, or the one the lookup found). */
  readonly schema: DescMessage;
  /** The object, with apiVersion and kind set from the envelope. */
  readonly message: T;
  /**
   * Paths of fields the schema does not have and that held something other than a zero value, by
   * number (`spec.template.spec.containers[0].#25`). Kubernetes' own apiserver drops them silently.
   */
  readonly unknownFields: string[];
}

/**
 * Decodes a body in Kubernetes' protobuf encoding (`application/vnd.kubernetes.protobuf`, what client-go's
 * typed clients and kubectl's create commands send): the magic `k8s\0`, a runtime.Unknown envelope, and
 * the object in it, read with `schema`, or with the schema `lookup` finds for the envelope's apiVersion and
 * kind. Throws DecodeError (one line) for bytes that are not that encoding, a kind the schema or lookup
 * does not cover, or an object that does not fit the schema.
 */
export function decodeKubernetesProtobuf<Desc extends DescMessage>(
  schema: Desc,
  bytes: Uint8Array,
): KubernetesProtobufResult<MessageShape<Desc>>;
export function decodeKubernetesProtobuf(
  lookup: KubernetesSchemaLookup,
  bytes: Uint8Array,
): KubernetesProtobufResult<Message>;
export function decodeKubernetesProtobuf(
  schemaOrLookup: DescMessage | KubernetesSchemaLookup,
  bytes: Uint8Array,
): KubernetesProtobufResult<Message> {
  if (!(bytes instanceof Uint8Array)) {
    throw DecodeError.invalidValue("", `expected bytes, got ${describeJson(bytes)}`);
  }
  const { apiVersion, kind, raw } = readEnvelope(bytes);
  const schema = schemaFor(schemaOrLookup, apiVersion, kind);
  const unknownFields: string[] = [];
  const message = readMessage(schema, raw, "", unknownFields);
  if (isObjectSchema(schema)) Object.assign(message, { apiVersion, kind: kind || schema.name });
  return { apiVersion, kind, schema, message: message as unknown as Message, unknownFields };
}

function schemaFor(
  schemaOrLookup: DescMessage | KubernetesSchemaLookup,
  apiVersion: string,
  kind: string,
): DescMessage {
  if (typeof schemaOrLookup !== "function") {
    if (kind !== "" && kind !== schemaOrLookup.name) {
      throw DecodeError.invalidValue("", `expected kind ${schemaOrLookup.name}, got ${JSON.stringify(kind)}`);
    }
    return schemaOrLookup;
  }
  if (kind === "") throw DecodeError.invalidValue("", "the envelope names no kind");
  const schema = schemaOrLookup(apiVersion, kind);
  if (schema === undefined) {
    throw DecodeError.invalidValue(
      "",
      `no schema for kind ${JSON.stringify(kind)} of ${JSON.stringify(apiVersion)}`,
    );
  }
  return schema;
}

/**
 * Encodes an object in Kubernetes' protobuf encoding, the envelope naming its apiVersion and kind.
 * Throws EncodeError for a message of another type than `schema`, a schema that is not an object kind,
 * or an object without its apiVersion and kind.
 */
export function encodeKubernetesProtobuf<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
): Uint8Array {
  if (!isMessage(message, schema)) {
    const got = isMessage(message) ? `a ${message.$typeName} message` : describeJson(message);
    throw new EncodeError("", `expected a ${schema.typeName} message, got ${got}`);
  }
  if (!isObjectSchema(schema)) throw new EncodeError("", `${schema.typeName} is not an object kind`);
  const { apiVersion, kind } = message as unknown as { apiVersion: string; kind: string };
  if (apiVersion === "" || kind === "") throw new EncodeError("", "the object has no apiVersion or kind");
  return writeEnvelope({ apiVersion, kind, raw: writeMessage(schema, message) });
}
