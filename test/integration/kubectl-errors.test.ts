import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServerFixture, startApiServer } from "./support/api-server.js";
import { requestJson, valueAt } from "./support/http.js";
import { createKubectl, type Kubectl } from "./support/kubectl.js";
import { type Manifest, podManifest, toYaml } from "./support/manifests.js";

let api: ApiServerFixture;
let kubectl: Kubectl;

beforeAll(async () => {
  api = await startApiServer();
  kubectl = await createKubectl(api.url);
});
afterAll(async () => {
  await kubectl?.dispose();
  await api?.stop();
});

function withContainer(name: string, container: Record<string, unknown>): Manifest {
  return { ...podManifest(name), spec: { containers: [container] } };
}

/** Runs `kubectl create -f` on the manifest; expects it to fail and nothing to be stored. */
async function refusedCreate(name: string, manifest: Manifest, extraArgs: string[] = []): Promise<string> {
  const file = await kubectl.file(`${name}.yaml`, toYaml(manifest));
  const result = await kubectl.run(["create", "-f", file, ...extraArgs]);
  expect(result.code, result.stdout).toBe(1);
  const stored = await requestJson(api.url, "GET", `/api/v1/namespaces/default/pods/${name}`);
  expect(stored.status).toBe(404);
  return result.stderr;
}

describe.sequential("kubectl with bad manifests", () => {
  it("refuses an unknown field under strict validation, naming the field", async () => {
    const stderr = await refusedCreate("typo", withContainer("typo", { name: "app", imagee: "nginx" }));
    expect(stderr).toContain("Error from server (BadRequest)");
    expect(stderr).toContain('strict decoding error: unknown field "spec.containers[0].imagee"');
  });

  it("accepts the same manifest with --validate=warn, printing the warning", async () => {
    const manifest = withContainer("warned", { name: "app", image: "nginx", imagee: "nginx" });
    const file = await kubectl.file("warned.yaml", toYaml(manifest));
    const result = await kubectl.run(["create", "-f", file, "--validate=warn"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('unknown field "spec.containers[0].imagee"');
    expect(result.stdout).toBe("pod/warned created\n");
  });

  it("refuses an invalid name with 422 and the rule it broke", async () => {
    const stderr = await refusedCreate("Bad_Name", podManifest("Bad_Name"));
    expect(stderr).toContain('The Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"');
    expect(stderr).toContain("a lowercase RFC 1123 subdomain");
  });

  it("refuses a container without an image with 422 and the field path", async () => {
    const stderr = await refusedCreate("noimage", withContainer("noimage", { name: "app" }));
    expect(stderr).toContain('The Pod "noimage" is invalid: spec.containers[0].image: Required value');
    const response = await requestJson(
      api.url,
      "POST",
      "/api/v1/namespaces/default/pods",
      withContainer("noimage", { name: "app" }),
    );
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      kind: "Status",
      reason: "Invalid",
      code: 422,
      details: {
        name: "noimage",
        kind: "Pod",
        causes: [{ reason: "FieldValueRequired", field: "spec.containers[0].image" }],
      },
    });
  });

  it("refuses a wrong type and an unknown kind, naming them", async () => {
    const wrongType = await refusedCreate("wrongtype", {
      ...podManifest("wrongtype"),
      spec: { containers: [{ name: "app", image: "nginx" }], terminationGracePeriodSeconds: "soon" },
    });
    expect(wrongType).toContain("terminationGracePeriodSeconds");
    const file = await kubectl.file(
      "widget.yaml",
      toYaml({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }),
    );
    // Without --validate=false kubectl first asks for /openapi/v2 about a kind the server lacks (see the report).
    const unknownKind = await kubectl.run(["create", "-f", file, "--validate=false"]);
    expect(unknownKind.code).toBe(1);
    expect(unknownKind.stderr).toContain('no matches for kind "Widget" in version "example.com/v1"');
    const listed = await requestJson(api.url, "GET", "/api/v1/namespaces/default/pods");
    expect(valueAt(listed.body, "items")).toEqual([
      expect.objectContaining({ metadata: expect.objectContaining({ name: "warned" }) }),
    ]);
  });
});
