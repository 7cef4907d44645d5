import { stringify } from "yaml";
import {
  ACCEPTS,
  CONTENT_TYPES,
  OTHER_PATHS,
  QUERY_KEYS,
  QUERY_VALUES,
  RANDOM_VALUES,
  SEEDS,
  WEIRD_SEGMENTS,
} from "./fuzz-vocabulary.js";
import type { Manifest } from "./manifests.js";
import type { Random } from "./random.js";

/** One request the fuzzer sends. */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** A watch: read the status, then hang up. */
  readonly watch: boolean;
}

/** A fresh copy of one of the odd values (copies, so later mutations never create cycles). */
function randomValue(random: Random): unknown {
  return structuredClone(random.pick(RANDOM_VALUES));
}

/** Builds one fuzz request: a mutated valid manifest, a mangled path, odd headers and query params. */
export function fuzzRequest(random: Random): FuzzRequest {
  const seed = random.pick(SEEDS);
  const method = random.pick([
    "GET",
    "GET",
    "POST",
    "POST",
    "POST",
    "PUT",
    "PATCH",
    "PATCH",
    "DELETE",
    "HEAD",
    "OPTIONS",
  ]);
  const path = fuzzPath(random, seed.collection);
  const query = fuzzQuery(random);
  const watch = query.includes("watch=") && (method === "GET" || method === "HEAD");
  const headers: Record<string, string> = {};
  const contentType = random.pick(CONTENT_TYPES);
  if (contentType !== "") headers["content-type"] = contentType;
  const accept = random.pick(ACCEPTS);
  if (accept !== "") headers.accept = accept;
  if (random.chance(0.05)) headers["content-encoding"] = random.pick(["gzip", "identity", "br"]);
  const withBody = method !== "GET" && method !== "HEAD" && (method !== "DELETE" || random.chance(0.5));
  return {
    method,
    path: `${path}${query}`,
    headers,
    body: withBody ? fuzzBody(random, seed.manifest, contentType, method) : undefined,
    watch,
  };
}

function fuzzPath(random: Random, collection: string): string {
  const roll = random.next();
  if (roll < 0.35) return collection;
  if (roll < 0.7) return `${collection}/${random.chance(0.8) ? "fuzz" : random.pick(WEIRD_SEGMENTS)}`;
  if (roll < 0.85) return random.pick(OTHER_PATHS);
  const segments = collection.split("/");
  const index = 1 + random.int(segments.length - 1);
  segments[index] = random.pick(WEIRD_SEGMENTS);
  if (random.chance(0.3)) segments.push(random.pick(WEIRD_SEGMENTS), random.pick(WEIRD_SEGMENTS));
  return encodeURI(segments.join("/")).replace(/%25/g, "%");
}

function fuzzQuery(random: Random): string {
  const count = random.chance(0.5) ? 0 : 1 + random.int(4);
  const params: string[] = [];
  for (let i = 0; i < count; i++) {
    params.push(`${random.pick(QUERY_KEYS)}=${encodeURIComponent(random.pick(QUERY_VALUES))}`);
  }
  if (random.chance(0.04)) params.push("watch=1", "timeoutSeconds=1");
  return params.length === 0 ? "" : `?${params.join("&")}`;
}

function fuzzBody(random: Random, manifest: Manifest, contentType: string, method: string): string {
  if (random.chance(0.05)) return randomBytesAsText(random);
  if (contentType === "application/json-patch+json" && method === "PATCH")
    return JSON.stringify(fuzzJsonPatch(random));
  const mutated = mutate(random, structuredClone(manifest), 1 + random.int(4));
  const text =
    contentType.includes("yaml") && random.chance(0.7) ? stringify(mutated) : JSON.stringify(mutated);
  return random.chance(0.15) ? mangleText(random, text) : text;
}

function fuzzJsonPatch(random: Random): unknown {
  const ops = ["add", "remove", "replace", "move", "copy", "test", "bogus"];
  const paths = [
    "/metadata/labels/x",
    "/spec/containers/0/image",
    "/spec/replicas",
    "/metadata/name",
    "/",
    "",
    "/a/~2",
    "/spec/containers/-",
  ];
  return Array.from({ length: 1 + random.int(3) }, () => ({
    op: random.pick(ops),
    path: random.pick(paths),
    from: random.pick(paths),
    value: randomValue(random),
  }));
}

/** Applies `times` random mutations to a JSON value at random depths. */
function mutate(random: Random, value: unknown, times: number): unknown {
  let root = value;
  for (let i = 0; i < times; i++) root = mutateOnce(random, root, 0);
  return root;
}

function mutateOnce(random: Random, value: unknown, depth: number): unknown {
  if (depth > 6 || typeof value !== "object" || value === null || random.chance(0.15)) {
    return randomValue(random);
  }
  if (Array.isArray(value)) {
    if (value.length === 0 || random.chance(0.2)) return [...value, randomValue(random)];
    const index = random.int(value.length);
    value[index] = mutateOnce(random, value[index], depth + 1);
    return value;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  const roll = random.next();
  if (keys.length === 0 || roll < 0.1) {
    object[
      random.pick(["extra", "apiVersion", "kind", "metadata", "spec", "status", "$patch", "__proto__"])
    ] = randomValue(random);
  } else if (roll < 0.25) {
    delete object[random.pick(keys)];
  } else {
    const key = random.pick(keys);
    object[key] = mutateOnce(random, object[key], depth + 1);
  }
  return object;
}

function mangleText(random: Random, text: string): string {
  const position = random.int(text.length + 1);
  switch (random.int(4)) {
    case 0:
      return text.slice(0, position);
    case 1:
      return `${text.slice(0, position)}${random.pick(["{", "}", "[", "]", ",", ":", '"', "\\", "\n", "\t", "\u0000"])}${text.slice(position)}`;
    case 2:
      return `${text.slice(0, position)}${text.slice(position + 1 + random.int(20))}`;
    default:
      return text.repeat(1 + random.int(3));
  }
}

function randomBytesAsText(random: Random): string {
  return String.fromCharCode(...Array.from({ length: random.int(512) }, () => random.int(256)));
}
