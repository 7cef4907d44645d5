import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decodeKubernetesProtobuf,
  encodeObject,
  type JsonObject,
  type JsonValue,
  KUBERNETES_PROTOBUF,
  kubernetesSchema,
} from "../src/index.js";
import { type FakeApiServer, startFakeApiServer } from "./kubectl/fake-apiserver.js";
import { hasKubectl, type Kubectl, kubectlFor } from "./kubectl/kubectl.js";
import { withoutNulls } from "./round-trip.js";

// The proof of Kubernetes protobuf compatibility: what the real kubectl's typed `create` commands POST
// (application/vnd.kubernetes.protobuf) decodes with our schemas into exactly the object kubectl prints
// for the same command with --dry-run=client -o json. Fixtures keep one captured body per command, so
// the decoding is checked even where kubectl is not installed; UPDATE_KUBECTL_FIXTURES=1 rewrites them.

/** A fixture: the kubectl command, the body it posted (base64) and what its dry run printed. */
interface Capture {
  readonly command: string[];
  readonly protobuf: string;
  readonly json: JsonObject;
}

const COMMANDS: Record<string, string[]> = {
  deployment: ["create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "--port=80"],
  service: ["create", "service", "clusterip", "web", "--tcp=80:8080", "--tcp=443:https"],
  configmap: ["create", "configmap", "settings", "--from-literal=mode=fast", "--from-literal=level=3"],
  secret: ["create", "secret", "generic", "creds", "--from-literal=user=admin", "--from-literal=pw=s3cr3t"],
  namespace: ["create", "namespace", "team-a"],
  job: ["create", "job", "pi", "--image=perl:5.34", "--", "perl", "-Mbignum=bpi", "-wle", "print bpi(20)"],
};

const fixtureUrl = (name: string) => new URL(`./fixtures/kubectl-protobuf/${name}.json`, import.meta.url);

/** `command` with `flags` added before its `--` (after it they would be the container's arguments). */
function withFlags(command: readonly string[], ...flags: string[]): string[] {
  const end = command.indexOf("--");
  return end < 0 ? [...command, ...flags] : [...command.slice(0, end), ...flags, ...command.slice(end)];
}

function loadCapture(name: string): Capture {
  return JSON.parse(readFileSync(fixtureUrl(name), "utf8")) as Capture;
}

/** Decodes a captured body and writes it back as Kubernetes JSON. */
function decodeToJson(body: Uint8Array): { json: JsonValue; unknownFields: string[] } {
  const { schema, message, unknownFields } = decodeKubernetesProtobuf(kubernetesSchema, body);
  return { json: encodeObject(schema, message), unknownFields };
}

describe("kubectl's protobuf bodies (committed captures)", () => {
  it.each(Object.keys(COMMANDS))("%s decodes to kubectl's own JSON", (name) => {
    const capture = loadCapture(name);
    const { json, unknownFields } = decodeToJson(Buffer.from(capture.protobuf, "base64"));
    expect(unknownFields).toEqual([]);
    expect(json).toStrictEqual(withoutNulls(capture.json));
  });
});

describe.skipIf(!(await hasKubectl()))("kubectl's protobuf bodies (live)", () => {
  let server: FakeApiServer;
  let kubectl: Kubectl;
  beforeAll(async () => {
    server = await startFakeApiServer();
    kubectl = kubectlFor(server.url);
  });
  afterAll(async () => {
    kubectl?.dispose();
    await server?.close();
  });

  it.each(Object.entries(COMMANDS))("kubectl %s", async (name, command) => {
    await kubectl(...withFlags(command, "--validate=false"));
    const posted = server.bodies.pop();
    expect(posted?.contentType).toBe(KUBERNETES_PROTOBUF);
    const body = posted?.body ?? Buffer.alloc(0);
    const dryRun = await kubectl(...withFlags(command, "--dry-run=client", "-o", "json"));
    const printed = JSON.parse(dryRun) as JsonObject;

    const { json, unknownFields } = decodeToJson(body);
    expect(unknownFields).toEqual([]);
    expect(json).toStrictEqual(withoutNulls(printed));
    if (process.env.UPDATE_KUBECTL_FIXTURES === "1") {
      const capture: Capture = { command, protobuf: body.toString("base64"), json: printed };
      writeFileSync(fixtureUrl(name), `${JSON.stringify(capture, null, 2)}\n`);
    }
  });
});
