import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServerFixture, startApiServer } from "./support/api-server.js";
import { requestJson, valueAt } from "./support/http.js";
import { createKubectl, type Kubectl } from "./support/kubectl.js";
import { deploymentManifest } from "./support/manifests.js";

let api: ApiServerFixture;
let kubectl: Kubectl;
const path = "/apis/apps/v1/namespaces/default/deployments/shop";

beforeAll(async () => {
  api = await startApiServer();
  kubectl = await createKubectl(api.url);
  const created = await requestJson(
    api.url,
    "POST",
    "/apis/apps/v1/namespaces/default/deployments",
    deploymentManifest("shop", {
      replicas: 2,
      containers: [
        { name: "web", image: "nginx:1.27" },
        { name: "cache", image: "redis:7" },
      ],
    }),
  );
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await kubectl?.dispose();
  await api?.stop();
});

async function shop(): Promise<unknown> {
  const response = await requestJson(api.url, "GET", path);
  expect(response.status).toBe(200);
  return response.body;
}

describe.sequential("kubectl label, annotate, scale and patch", () => {
  it("label adds, refuses to overwrite without --overwrite, overwrites and removes", async () => {
    expect(await kubectl.ok(["label", "deployment", "shop", "env=prod"])).toBe(
      "deployment.apps/shop labeled\n",
    );
    const refused = await kubectl.run(["label", "deployment", "shop", "env=dev"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("'env' already has a value (prod), and --overwrite is false");
    await kubectl.ok(["label", "deployment", "shop", "env=dev", "--overwrite"]);
    expect(valueAt(await shop(), "metadata.labels.env")).toBe("dev");
    expect(await kubectl.ok(["label", "deployment", "shop", "env-"])).toBe(
      "deployment.apps/shop unlabeled\n",
    );
    expect(valueAt(await shop(), "metadata.labels")).toEqual({ app: "shop" });
    const invalid = await kubectl.run(["label", "deployment", "shop", "bad key=x"]);
    expect(invalid.code).not.toBe(0);
  });

  it("annotate adds and removes annotations without touching the spec", async () => {
    const before = await shop();
    expect(await kubectl.ok(["annotate", "deployment", "shop", "note=hello world"])).toBe(
      "deployment.apps/shop annotated\n",
    );
    const after = await shop();
    expect(valueAt(after, "metadata.annotations.note")).toBe("hello world");
    expect(valueAt(after, "metadata.generation")).toBe(valueAt(before, "metadata.generation"));
    await kubectl.ok(["annotate", "deployment", "shop", "note-"]);
    expect(valueAt(await shop(), "metadata.annotations.note")).toBeUndefined();
  });

  it("scale sets replicas through the scale subresource, with --current-replicas as a precondition", async () => {
    expect(await kubectl.ok(["scale", "deployment", "shop", "--replicas=3"])).toBe(
      "deployment.apps/shop scaled\n",
    );
    expect(valueAt(await shop(), "spec.replicas")).toBe(3);
    expect(await kubectl.ok(["scale", "deployment", "shop", "--current-replicas=3", "--replicas=5"])).toBe(
      "deployment.apps/shop scaled\n",
    );
    expect(valueAt(await shop(), "spec.replicas")).toBe(5);
    const stale = await kubectl.run(["scale", "deployment", "shop", "--current-replicas=3", "--replicas=1"]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("Expected replicas to be 3, was 5");
    expect(valueAt(await shop(), "spec.replicas")).toBe(5);
    const scale = await requestJson(api.url, "GET", `${path}/scale`);
    expect(scale.body).toMatchObject({
      kind: "Scale",
      apiVersion: "autoscaling/v1",
      spec: { replicas: 5 },
      status: { selector: "app=shop" },
    });
  });

  it("patch --type=json applies JSON patch operations", async () => {
    const patch = JSON.stringify([
      { op: "replace", path: "/spec/replicas", value: 4 },
      { op: "add", path: "/metadata/labels/patched", value: "json" },
    ]);
    expect(await kubectl.ok(["patch", "deployment", "shop", "--type=json", "-p", patch])).toBe(
      "deployment.apps/shop patched\n",
    );
    expect(await shop()).toMatchObject({ metadata: { labels: { patched: "json" } }, spec: { replicas: 4 } });
    const failed = await kubectl.run([
      "patch",
      "deployment",
      "shop",
      "--type=json",
      "-p",
      JSON.stringify([{ op: "test", path: "/spec/replicas", value: 9 }]),
    ]);
    expect(failed.code).toBe(1);
    expect(valueAt(await shop(), "spec.replicas")).toBe(4);
  });

  it("patch --type=merge replaces lists wholesale and deletes keys set to null", async () => {
    const patch = JSON.stringify({ metadata: { labels: { patched: null, merge: "yes" } } });
    await kubectl.ok(["patch", "deployment", "shop", "--type=merge", "-p", patch]);
    expect(valueAt(await shop(), "metadata.labels")).toEqual({ app: "shop", merge: "yes" });
  });

  it("patch (strategic, the default) merges containers by name", async () => {
    const patch = JSON.stringify({
      spec: { template: { spec: { containers: [{ name: "cache", image: "redis:7.2" }] } } },
    });
    expect(await kubectl.ok(["patch", "deployment", "shop", "-p", patch])).toBe(
      "deployment.apps/shop patched\n",
    );
    expect(valueAt(await shop(), "spec.template.spec.containers")).toMatchObject([
      { name: "web", image: "nginx:1.27" },
      { name: "cache", image: "redis:7.2" },
    ]);
    const noop = await kubectl.ok(["patch", "deployment", "shop", "-p", patch]);
    expect(noop).toBe("deployment.apps/shop patched (no change)\n");
  });
});
