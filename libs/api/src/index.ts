export { DecodeError, type DecodeErrorReason, EncodeError } from "./codec/codec-error.js";
export {
  type DecodeOptions,
  type DecodeResult,
  decodeObject,
  type UnknownFieldPolicy,
} from "./codec/decode.js";
export { encodeObject } from "./codec/encode.js";
export * from "./gen/index.js";
export {
  INT_OR_STRING_INT,
  INT_OR_STRING_STRING,
  intOrString,
  intOrStringValue,
} from "./int-or-string.js";
export type { JsonObject, JsonValue } from "./json.js";
export { KUBERNETES_PROTOBUF } from "./kubernetes-protobuf/envelope.js";
export {
  decodeKubernetesProtobuf,
  encodeKubernetesProtobuf,
  type KubernetesProtobufResult,
} from "./kubernetes-protobuf/kubernetes-protobuf.js";
export { type KubernetesSchemaLookup, kubernetesSchema } from "./kubernetes-protobuf/schema-lookup.js";
export { apiVersionOf, type ResourceType, type Subresource } from "./resource-type.js";
export { findKind, findResource, resources } from "./resources.js";
