// Measures the Kubernetes JSON codec on realistic pods: decode (JSON object -> message), encode
// (message -> JSON object), next to JSON.parse/stringify and protobuf binary in the same run.
// Run: npm run bench -w @capstan/api
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { decodeObject, encodeObject, type JsonObject, PodSchema } from "../src/index.js";
import { loadFixture } from "../test/round-trip.js";

const MIN_MILLIS = 1000;

/** Runs `fn` in rounds until MIN_MILLIS have passed; returns operations per second. */
function opsPerSecond(fn: () => unknown): number {
  for (let i = 0; i < 2000; i++) fn();
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MIN_MILLIS) {
    for (let i = 0; i < 500; i++) fn();
    ops += 500;
    elapsed = performance.now() - start;
  }
  return Math.round((ops * 1000) / elapsed);
}

function bench(label: string, manifest: JsonObject): void {
  const text = JSON.stringify(manifest);
  const { message } = decodeObject(PodSchema, manifest, { unknownFields: "strict" });
  const bytes = toBinary(PodSchema, message);
  const results = {
    "decodeObject (strict)": opsPerSecond(() =>
      decodeObject(PodSchema, manifest, { unknownFields: "strict" }),
    ),
    encodeObject: opsPerSecond(() => encodeObject(PodSchema, message)),
    "JSON.parse + decodeObject": opsPerSecond(() =>
      decodeObject(PodSchema, JSON.parse(text), { unknownFields: "strict" }),
    ),
    "encodeObject + JSON.stringify": opsPerSecond(() => JSON.stringify(encodeObject(PodSchema, message))),
    "JSON.parse (baseline)": opsPerSecond(() => JSON.parse(text)),
    "JSON.stringify (baseline)": opsPerSecond(() => JSON.stringify(manifest)),
    toBinary: opsPerSecond(() => toBinary(PodSchema, message)),
    fromBinary: opsPerSecond(() => fromBinary(PodSchema, bytes)),
  };
  console.log(`\n${label}: ${text.length} bytes of JSON, ${bytes.length} bytes of protobuf`);
  for (const [name, ops] of Object.entries(results))
    console.log(`  ${name.padEnd(32)} ${ops.toLocaleString("en")} ops/s`);
}

const [probes] = loadFixture("pod-probes.yaml");
const [full] = loadFixture("pod-full.yaml");
if (probes === undefined || full === undefined) throw new Error("fixtures missing");
bench("pod with probes (4 containers)", probes);
bench("full pod (spec, status, managedFields)", full);
