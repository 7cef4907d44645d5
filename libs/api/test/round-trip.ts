import { readFileSync } from "node:fs";
import type { DescMessage } from "@bufbuild/protobuf";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { parse } from "yaml";
import { decodeObject, encodeObject, type JsonObject } from "../src/index.js";

/** A fixture manifest of test/fixtures, parsed as YAML to the plain object kubectl would send as JSON. */
export function loadFixture(name: string): JsonObject {
  const url = new URL(`./fixtures/${name}`, import.meta.url);
  return parse(readFileSync(url, "utf8")) as JsonObject;
}

/** YAML object -> message (strict) -> binary -> message -> Kubernetes JSON. */
export function roundTrip(schema: DescMessage, manifest: JsonObject): JsonObject {
  const { message } = decodeObject(schema, manifest, { unknownFields: "strict" });
  const restored = fromBinary(schema, toBinary(schema, message));
  return encodeObject(schema, restored);
}
