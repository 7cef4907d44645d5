import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type ApiServerFixture, startApiServer } from "./support/api-server.js";
import { requestJson } from "./support/http.js";
import { createKubectl, type Kubectl } from "./support/kubectl.js";
import { deploymentManifest, type Manifest, podManifest } from "./support/manifests.js";
import { tableRows } from "./support/table.js";

let api: ApiServerFixture;
let kubectl: Kubectl;

async function create(path: string, manifest: Manifest): Promise<void> {
  const response = await requestJson(api.url, "POST", path, manifest);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

beforeAll(async () => {
  api = await startApiServer();
  kubectl = await createKubectl(api.url);
  await create("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-b" } });
  const pods = "/api/v1/namespaces/default/pods";
  await create(pods, podManifest("alpha", { labels: { app: "web", tier: "front" }, image: "nginx:1.27" }));
  await create(pods, podManifest("beta", { labels: { app: "web", tier: "back" }, image: "nginx:1.25" }));
  const gamma = podManifest("gamma", { labels: { app: "db" }, image: "postgres:16" });
  await create(pods, { ...gamma, spec: { ...(gamma.spec as object), nodeName: "node-1" } });
  await create("/api/v1/namespaces/team-b/pods", podManifest("delta", { labels: { app: "web" } }));
  await create("/apis/apps/v1/namespaces/default/deployments", deploymentManifest("api", { replicas: 2 }));
});
afterAll(async () => {
  await kubectl?.dispose();
  await api?.stop();
});

const names = (rows: Record<string, string>[]) => rows.map((row) => row.NAME);

describe.sequential("kubectl get and describe", () => {
  it("prints the pod columns users know", async () => {
    const output = await kubectl.ok(["get", "pods"]);
    expect(output.split("\n")[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    const rows = tableRows(output);
    expect(names(rows)).toEqual(["alpha", "beta", "gamma"]);
    expect(rows[0]).toMatchObject({ READY: "0/1", STATUS: "Pending", RESTARTS: "0" });
    expect(rows[0]?.AGE).toMatch(/^\d+s$/);
  });

  it("adds IP and NODE with -o wide", async () => {
    const output = await kubectl.ok(["get", "pods", "-o", "wide"]);
    expect(output.split("\n")[0]).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/,
    );
    const gamma = tableRows(output).find((row) => row.NAME === "gamma");
    expect(gamma).toMatchObject({ IP: "<none>", NODE: "node-1" });
  });

  it("prints the stored object with -o yaml, and a List for several", async () => {
    const one = parse(await kubectl.ok(["get", "pod", "alpha", "-o", "yaml"]));
    expect(one).toMatchObject({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "alpha", namespace: "default", labels: { app: "web", tier: "front" } },
      spec: { containers: [{ name: "app", image: "nginx:1.27" }] },
    });
    expect(one.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(one.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const list = parse(await kubectl.ok(["get", "pods", "-o", "yaml"]));
    expect(list.kind).toBe("List");
    expect(list.items.map((item: Manifest) => (item.metadata as { name: string }).name)).toEqual([
      "alpha",
      "beta",
      "gamma",
    ]);
  });

  it("evaluates -o jsonpath over the list", async () => {
    expect(await kubectl.ok(["get", "pods", "-o", "jsonpath={.items[*].metadata.name}"])).toBe(
      "alpha beta gamma",
    );
    expect(
      await kubectl.ok([
        "get",
        "pod",
        "gamma",
        "-o",
        "jsonpath={.spec.nodeName}/{.spec.containers[0].image}",
      ]),
    ).toBe("node-1/postgres:16");
  });

  it("filters by label selector", async () => {
    expect(names(tableRows(await kubectl.ok(["get", "pods", "-l", "app=web"])))).toEqual(["alpha", "beta"]);
    expect(names(tableRows(await kubectl.ok(["get", "pods", "-l", "app=web,tier notin (back)"])))).toEqual([
      "alpha",
    ]);
    expect(names(tableRows(await kubectl.ok(["get", "pods", "-l", "!tier"])))).toEqual(["gamma"]);
  });

  it("filters by field selector", async () => {
    const byNode = await kubectl.ok(["get", "pods", "--field-selector", "spec.nodeName=node-1"]);
    expect(names(tableRows(byNode))).toEqual(["gamma"]);
    const byName = await kubectl.ok([
      "get",
      "pods",
      "--field-selector",
      "metadata.name!=beta,status.phase=Pending",
    ]);
    expect(names(tableRows(byName))).toEqual(["alpha", "gamma"]);
    const none = await kubectl.run(["get", "pods", "--field-selector", "status.phase=Running"]);
    expect(none).toMatchObject({ code: 0, stdout: "" });
    expect(none.stderr).toContain("No resources found in default namespace.");
  });

  it("lists every namespace with -A", async () => {
    const rows = tableRows(await kubectl.ok(["get", "pods", "-A"]));
    expect(rows.map((row) => `${row.NAMESPACE}/${row.NAME}`)).toEqual([
      "default/alpha",
      "default/beta",
      "default/gamma",
      "team-b/delta",
    ]);
  });

  it("shows labels and sorts by any field", async () => {
    const labelled = tableRows(await kubectl.ok(["get", "pods", "--show-labels"]));
    expect(labelled.find((row) => row.NAME === "alpha")?.LABELS).toBe("app=web,tier=front");
    const sorted = tableRows(await kubectl.ok(["get", "pods", "--sort-by=.spec.containers[0].image"]));
    expect(names(sorted)).toEqual(["beta", "alpha", "gamma"]);
    const allSorted = tableRows(
      await kubectl.ok(["get", "pods", "-A", "--sort-by=.metadata.creationTimestamp"]),
    );
    expect(allSorted).toHaveLength(4);
  });

  it("prints the deployment columns, wide ones included", async () => {
    const output = await kubectl.ok(["get", "deployments", "-o", "wide"]);
    expect(output.split("\n")[0]).toMatch(
      /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/,
    );
    expect(tableRows(output)[0]).toMatchObject({
      NAME: "api",
      READY: "0/2",
      "UP-TO-DATE": "0",
      AVAILABLE: "0",
      CONTAINERS: "web",
      IMAGES: "nginx:1.27",
      SELECTOR: "app=api",
    });
  });

  it("describes a pod and a deployment", async () => {
    const pod = await kubectl.ok(["describe", "pod", "alpha"]);
    expect(pod).toMatch(/^Name:\s+alpha$/m);
    expect(pod).toMatch(/^Namespace:\s+default$/m);
    expect(pod).toMatch(/^Labels:\s+app=web\n\s+tier=front$/m);
    expect(pod).toMatch(/^Status:\s+Pending$/m);
    expect(pod).toMatch(/^\s+Image:\s+nginx:1\.27$/m);
    const deployment = await kubectl.ok(["describe", "deployment", "api"]);
    expect(deployment).toMatch(/^Selector:\s+app=api$/m);
    expect(deployment).toMatch(
      /^Replicas:\s+2 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable$/m,
    );
    expect(deployment).toMatch(/^StrategyType:\s+RollingUpdate$/m);
    expect(deployment).toMatch(/^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
  });
});
