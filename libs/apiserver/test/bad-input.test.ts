import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ValidatingAdmissionPlugin } from "../src/index.js";
import { CONFIGMAPS, configMap, DEPLOYMENTS, deployment, PODS } from "./fixtures.js";
import { startTestServer, type TestServer } from "./harness.js";

/** A plugin with a bug: it throws a TypeError for one name, as real code sometimes does. */
const buggyPlugin: ValidatingAdmissionPlugin = {
  name: "Buggy",
  validate(request) {
    if (request.name === "crash") (undefined as unknown as { boom(): void }).boom();
  },
};

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ admission: { validating: [buggyPlugin] } });
});
afterAll(async () => {
  await t?.stop();
});

async function raw(method: string, path: string, body: string | Buffer, contentType = "application/json") {
  const response = await t.request(path, { method, headers: { "content-type": contentType }, body });
  const text = await response.text();
  return {
    status: response.status,
    body: JSON.parse(text) as Record<string, unknown>,
    headers: response.headers,
  };
}

describe("bad input gets a Status, never a crash", () => {
  it.each([
    ["malformed JSON", '{"apiVersion": "v1", "kind": ', "application/json", 400],
    ["malformed YAML", "apiVersion: v1\nkind: [ConfigMap\n", "application/yaml", 400],
    ["an array body", "[1,2]", "application/json", 400],
    ["a scalar body", '"text"', "application/json", 400],
    ["an empty body", "", "application/json", 400],
    ["malformed protobuf", "\u0000\u0001", "application/vnd.kubernetes.protobuf", 400],
    ["an unsupported media type", "\u0000\u0001", "application/cbor", 415],
  ])("%s", async (_, body, contentType, code) => {
    const response = await raw("POST", CONFIGMAPS, body, contentType);
    expect(response.status).toBe(code);
    expect(response.body).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", code });
    expect(String(response.body.message)).not.toContain("\n");
  });

  it("accepts a YAML manifest", async () => {
    const yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  a: b\n";
    const response = await raw("POST", CONFIGMAPS, yaml, "application/yaml");
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ data: { a: "b" } });
  });

  it("refuses the wrong apiVersion or kind for the URL", async () => {
    const kind = await t.json("POST", CONFIGMAPS, { ...configMap("k"), kind: "Secret" });
    expect(kind.status).toBe(400);
    expect(kind.body.message).toBe(
      "the kind in the data (Secret) does not match the expected kind (ConfigMap)",
    );
    const version = await t.json("POST", DEPLOYMENTS, { ...deployment("v"), apiVersion: "apps/v1beta1" });
    expect(version.status).toBe(400);
    expect(version.body.message).toBe(
      "the API version in the data (apps/v1beta1) does not match the expected API version (apps/v1)",
    );
  });

  it("refuses invalid names with 422 and the field path", async () => {
    const response = await t.json("POST", CONFIGMAPS, configMap("Bad_Name"));
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      reason: "Invalid",
      details: { name: "Bad_Name", kind: "ConfigMap" },
    });
    expect(response.body.message).toMatch(
      /^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"/,
    );
    const unnamed = await t.json("POST", CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: {} });
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.message).toContain("metadata.name: Required value: name or generateName is required");
  });

  it("refuses values of the wrong type with the path", async () => {
    const response = await t.json("POST", DEPLOYMENTS, {
      ...deployment("typed"),
      spec: { ...deployment("typed").spec, replicas: "three" },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(
      /^Deployment in version "v1" cannot be handled as a Deployment: spec.replicas: /,
    );
  });

  it("handles unknown fields per fieldValidation", async () => {
    const body = { ...configMap("unknown"), spec: { foo: 1 } };
    const strict = await t.json("POST", `${CONFIGMAPS}?fieldValidation=Strict`, body);
    expect(strict.status).toBe(400);
    expect(strict.body.message).toBe('strict decoding error: unknown field "spec"');
    const warned = await t.json("POST", `${CONFIGMAPS}?fieldValidation=Warn`, body);
    expect(warned.status).toBe(201);
    expect(warned.headers.get("warning")).toBe('299 - "unknown field \\"spec\\""');
    const ignored = await t.json("POST", `${CONFIGMAPS}?fieldValidation=Ignore`, {
      ...body,
      metadata: { name: "unknown-2" },
    });
    expect(ignored.status).toBe(201);
    expect(ignored.headers.get("warning")).toBeNull();
    expect((await t.json("POST", `${CONFIGMAPS}?fieldValidation=Loose`, body)).status).toBe(400);
  });

  it("refuses a body over 3 MiB with 413", async () => {
    const huge = JSON.stringify(configMap("huge", { blob: "x".repeat(3 * 1024 * 1024) }));
    const response = await raw("POST", CONFIGMAPS, huge);
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({
      reason: "RequestEntityTooLarge",
      message: "Request entity too large: limit is 3145728",
    });
    expect((await t.json("GET", CONFIGMAPS)).status).toBe(200);
  });

  it("answers paths and methods it does not serve", async () => {
    expect((await t.json("GET", "/api/v1/namespaces/default/widgets")).status).toBe(404);
    expect((await t.json("GET", "/apis/nope.io/v1/things")).status).toBe(404);
    expect((await t.json("GET", "/nothing/here")).status).toBe(404);
    expect((await t.json("GET", `${PODS}/a/b/c`)).status).toBe(404);
    expect((await t.json("GET", "/api/v1/namespaces/default/nodes")).status).toBe(404);
    expect((await t.json("PUT", CONFIGMAPS, configMap("x"))).status).toBe(405);
    expect((await t.json("GET", `${CONFIGMAPS}/x`, undefined, { accept: "text/html" })).status).toBe(406);
  });

  it("turns an unexpected exception into a 500 Status and keeps serving", async () => {
    const crashed = await t.json("POST", CONFIGMAPS, configMap("crash"));
    expect(crashed.status).toBe(500);
    expect(crashed.body).toMatchObject({ kind: "Status", reason: "InternalError", code: 500 });
    expect((await t.json("POST", CONFIGMAPS, configMap("after-crash"))).status).toBe(201);
  });

  it("survives a burst of random and mutated requests with no 5xx", async () => {
    const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    const paths = [
      CONFIGMAPS,
      `${CONFIGMAPS}/fz`,
      `${PODS}/fz/status`,
      `${DEPLOYMENTS}/fz/scale`,
      `${PODS}/fz/binding`,
      "/api/v1/nodes/fz",
    ];
    const types = [
      "application/json",
      "application/merge-patch+json",
      "application/json-patch+json",
      "application/strategic-merge-patch+json",
      "application/apply-patch+yaml",
      "application/yaml",
    ];
    const seeds = [
      configMap("fz"),
      deployment("fz"),
      { kind: "Binding", target: { name: 1 } },
      [{ op: "remove", path: "/x" }],
    ];
    let state = 12345;
    const random = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    const mutate = (text: string) => {
      const at = random(text.length + 1);
      const junk = ["{", "}", '"', ":", ",", "[", "null", "\u0000", "-1e999", "true"][random(10)] ?? "";
      return random(2) === 0 ? text.slice(0, at) + junk + text.slice(at) : text.slice(0, at);
    };
    const codes: number[] = [];
    for (let i = 0; i < 300; i++) {
      const body = mutate(JSON.stringify(seeds[random(seeds.length)]));
      const method = methods[random(methods.length)] ?? "GET";
      const path = `${paths[random(paths.length)]}?${["", "watch=x", "limit=z", "labelSelector=%28", "dryRun=All", "fieldValidation=Strict"][random(6)]}`;
      const response = await t.request(path, {
        method,
        headers: { "content-type": types[random(types.length)] ?? "" },
        ...(method === "GET" ? {} : { body }),
      });
      await response.arrayBuffer();
      codes.push(response.status);
    }
    expect(codes.filter((code) => code >= 500)).toEqual([]);
  });
});
