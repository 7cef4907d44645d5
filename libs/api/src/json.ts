/**
 * Plain JSON values, the shape of Kubernetes JSON objects as JSON.parse returns them. These are the
 * protobuf-es types, so a google.protobuf.Struct field (a JsonObject in TypeScript) accepts them as is.
 */
export type { JsonObject, JsonValue } from "@bufbuild/protobuf";
