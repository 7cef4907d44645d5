export { DecodeError, type DecodeErrorReason, EncodeError } from "./codec/codec-error.js";
export {
  type DecodeOptions,
  type DecodeResult,
  decodeObject,
  type UnknownFieldPolicy,
} from "./codec/decode.js";
export { encodeObject } from "./codec/encode.js";
export * from "./gen/capstan/core/v1/config_map_pb.js";
export * from "./gen/capstan/core/v1/container_pb.js";
export * from "./gen/capstan/core/v1/env_pb.js";
export * from "./gen/capstan/core/v1/object_reference_pb.js";
export * from "./gen/capstan/core/v1/pod_pb.js";
export * from "./gen/capstan/core/v1/pod_status_pb.js";
export * from "./gen/capstan/core/v1/probe_pb.js";
export * from "./gen/capstan/core/v1/scheduling_pb.js";
export * from "./gen/capstan/core/v1/secret_pb.js";
export * from "./gen/capstan/core/v1/security_context_pb.js";
export * from "./gen/capstan/core/v1/services_pb.js";
export * from "./gen/capstan/core/v1/volume_pb.js";
export * from "./gen/capstan/meta/v1/condition_pb.js";
export * from "./gen/capstan/meta/v1/delete_options_pb.js";
export * from "./gen/capstan/meta/v1/int_or_string_pb.js";
export * from "./gen/capstan/meta/v1/label_selector_pb.js";
export * from "./gen/capstan/meta/v1/object_meta_pb.js";
export * from "./gen/capstan/meta/v1/options_pb.js";
export * from "./gen/capstan/meta/v1/requests_pb.js";
export * from "./gen/capstan/meta/v1/status_pb.js";
export type { JsonObject, JsonValue } from "./json.js";
export { apiVersionOf, type ResourceType, type Subresource } from "./resource-type.js";
