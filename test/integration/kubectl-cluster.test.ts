import { apiVersionOf, resources } from "@capstan/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServerFixture, startApiServer } from "./support/api-server.js";
import { createKubectl, type Kubectl } from "./support/kubectl.js";
import { tableRows } from "./support/table.js";

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

describe.sequential("kubectl against the apiserver: cluster and discovery", () => {
  it("cluster-info names the control plane", async () => {
    const out = await kubectl.ok(["cluster-info"]);
    expect(out).toContain(`Kubernetes control plane is running at ${api.url}`);
  });

  it("version reports the server as Kubernetes 1.32", async () => {
    const out = await kubectl.ok(["version", "-o", "json"]);
    const { serverVersion } = JSON.parse(out) as { serverVersion: Record<string, unknown> };
    expect(serverVersion).toMatchObject({ major: "1", minor: "32" });
    expect(serverVersion.gitVersion).toMatch(/^v1\.32\./);
    expect(await kubectl.ok(["version"])).toMatch(/Server Version: v1\.32\./);
  });

  it("api-resources lists every served resource with its group, scope, kind and short names", async () => {
    const rows = tableRows(await kubectl.ok(["api-resources", "-o", "wide"]));
    const byName = new Map(rows.map((row) => [`${row.NAME}.${row.APIVERSION}`, row]));
    for (const type of resources) {
      const row = byName.get(`${type.resource}.${apiVersionOf(type)}`);
      expect(row, `${type.resource} in ${apiVersionOf(type)}`).toBeDefined();
      expect(row?.KIND).toBe(type.kind);
      expect(row?.NAMESPACED).toBe(String(type.namespaced));
      expect(row?.SHORTNAMES ?? "").toBe(type.shortNames.join(","));
      expect(row?.VERBS).toContain("watch");
    }
    expect(byName.get("pods.v1")?.CATEGORIES).toBe("all");
  });

  it("resolves short names and answers the system namespaces", async () => {
    const rows = tableRows(await kubectl.ok(["get", "ns"]));
    expect(rows.map((row) => row.NAME)).toEqual(
      expect.arrayContaining(["default", "kube-system", "kube-public", "kube-node-lease"]),
    );
    expect(rows.find((row) => row.NAME === "default")?.STATUS).toBe("Active");
    expect(await kubectl.ok(["get", "po"])).toBe("");
  });

  it("says NotFound for a missing object and refuses an unknown resource type", async () => {
    const missing = await kubectl.run(["get", "pod", "nope"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error from server (NotFound): pods "nope" not found');
    const unknown = await kubectl.run(["get", "widgets"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('the server doesn\'t have a resource type "widgets"');
  });
});
