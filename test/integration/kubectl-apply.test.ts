import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type ApiServerFixture, startApiServer } from "./support/api-server.js";
import { requestJson, valueAt } from "./support/http.js";
import { createKubectl, type Kubectl } from "./support/kubectl.js";
import { deploymentManifest, podManifest, toYaml } from "./support/manifests.js";

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

const stored = async (path: string) => {
  const response = await requestJson(api.url, "GET", path);
  expect(response.status, `GET ${path}`).toBe(200);
  return response.body;
};
const deployment = (name: string) => stored(`/apis/apps/v1/namespaces/default/deployments/${name}`);
const pod = (name: string) => stored(`/api/v1/namespaces/default/pods/${name}`);

describe.sequential("kubectl create, apply, replace and edit", () => {
  it("create -f stores the object with Kubernetes' defaults and refuses a duplicate", async () => {
    const file = await kubectl.file("create.yaml", toYaml(podManifest("created")));
    expect(await kubectl.ok(["create", "-f", file])).toBe("pod/created created\n");
    expect(await pod("created")).toMatchObject({
      metadata: { name: "created", namespace: "default", labels: { app: "created" } },
      spec: {
        restartPolicy: "Always",
        dnsPolicy: "ClusterFirst",
        terminationGracePeriodSeconds: 30,
        containers: [{ name: "app", image: "nginx:1.27", imagePullPolicy: "IfNotPresent" }],
      },
      status: { phase: "Pending" },
    });
    const duplicate = await kubectl.run(["create", "-f", file]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain(
      `Error from server (AlreadyExists): error when creating "${file}": pods "created" already exists`,
    );
  });

  it("create --dry-run=server validates and answers without storing", async () => {
    const manifest = toYaml(podManifest("dry"));
    expect(await kubectl.ok(["create", "-f", "-", "--dry-run=server"], { input: manifest })).toBe(
      "pod/dry created (server dry run)\n",
    );
    expect((await requestJson(api.url, "GET", "/api/v1/namespaces/default/pods/dry")).status).toBe(404);
    const duplicate = await kubectl.run(["create", "-f", "-", "--dry-run=server"], {
      input: toYaml(podManifest("created")),
    });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('pods "created" already exists');
  });

  it("apply -f creates, then lands a change and keeps everything else", async () => {
    const first = deploymentManifest("web", {
      labels: { tier: "front" },
      containers: [
        {
          name: "web",
          image: "nginx:1.27",
          env: [
            { name: "A", value: "1" },
            { name: "B", value: "2" },
          ],
        },
        { name: "sidecar", image: "busybox:1.36" },
      ],
    });
    const file = await kubectl.file("web.yaml", toYaml(first));
    expect(await kubectl.ok(["apply", "-f", file])).toBe("deployment.apps/web created\n");
    const created = await deployment("web");
    expect(valueAt(created, "metadata.annotations")).toHaveProperty([
      "kubectl.kubernetes.io/last-applied-configuration",
    ]);
    expect(await kubectl.ok(["apply", "-f", file])).toBe("deployment.apps/web unchanged\n");

    // Someone else's change, which a later apply of a different field must keep.
    await kubectl.ok(["annotate", "deployment", "web", "owner=team-a"]);
    const changed = structuredClone(first) as typeof first & { spec: { replicas: number } };
    changed.spec.replicas = 3;
    await kubectl.file("web.yaml", toYaml(changed));
    expect(await kubectl.ok(["apply", "-f", file])).toBe("deployment.apps/web configured\n");
    const after = await deployment("web");
    expect(after).toMatchObject({
      metadata: { labels: { app: "web", tier: "front" }, annotations: { owner: "team-a" }, generation: 2 },
      spec: {
        replicas: 3,
        revisionHistoryLimit: 10,
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
        template: {
          spec: {
            containers: [
              { name: "web", image: "nginx:1.27", env: [{ name: "A" }, { name: "B" }] },
              { name: "sidecar", image: "busybox:1.36" },
            ],
          },
        },
      },
    });
  });

  it("apply -f removes a label, an env var and a container the manifest dropped", async () => {
    const trimmed = deploymentManifest("web", {
      replicas: 3,
      containers: [{ name: "web", image: "nginx:1.28", env: [{ name: "B", value: "2" }] }],
    });
    const file = await kubectl.file("web.yaml", toYaml(trimmed));
    expect(await kubectl.ok(["apply", "-f", file])).toBe("deployment.apps/web configured\n");
    const after = await deployment("web");
    expect(valueAt(after, "metadata.labels")).toEqual({ app: "web" });
    expect(valueAt(after, "metadata.annotations.owner")).toBe("team-a");
    const containers = valueAt(after, "spec.template.spec.containers");
    expect(containers).toHaveLength(1);
    expect(containers).toMatchObject([
      { name: "web", image: "nginx:1.28", env: [{ name: "B", value: "2" }] },
    ]);
    expect(valueAt(after, "spec.template.spec.containers.0.env")).toHaveLength(1);
  });

  it("apply --server-side creates, then updates the object", async () => {
    const manifest = deploymentManifest("ssa", { replicas: 1 });
    expect(await kubectl.ok(["apply", "--server-side", "-f", "-"], { input: toYaml(manifest) })).toBe(
      "deployment.apps/ssa serverside-applied\n",
    );
    expect(valueAt(await deployment("ssa"), "spec.replicas")).toBe(1);
    const changed = deploymentManifest("ssa", { replicas: 4 });
    expect(await kubectl.ok(["apply", "--server-side", "-f", "-"], { input: toYaml(changed) })).toBe(
      "deployment.apps/ssa serverside-applied\n",
    );
    expect(await deployment("ssa")).toMatchObject({
      metadata: { generation: 2 },
      spec: { replicas: 4, template: { spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } },
    });
  });

  it("replace -f writes the whole object", async () => {
    const current = parse(await kubectl.ok(["get", "pod", "created", "-o", "yaml"])) as {
      metadata: { labels: Record<string, string> };
    };
    current.metadata.labels = { app: "created", replaced: "again" };
    const file = await kubectl.file("replace.yaml", toYaml(current));
    expect(await kubectl.ok(["replace", "-f", file])).toBe("pod/created replaced\n");
    expect(valueAt(await pod("created"), "metadata.labels")).toEqual({ app: "created", replaced: "again" });
  });

  it("edit saves what KUBE_EDITOR changed, and cancels when nothing changed", async () => {
    const editor = await kubectl.file(
      "editor.sh",
      '#!/bin/sh\nsed -i "s/image: nginx:1.28/image: nginx:1.29/" "$1"\n',
      0o755,
    );
    expect(await kubectl.ok(["edit", "deployment", "web"], { env: { KUBE_EDITOR: editor } })).toBe(
      "deployment.apps/web edited\n",
    );
    expect(valueAt(await deployment("web"), "spec.template.spec.containers.0.image")).toBe("nginx:1.29");
    const unchanged = await kubectl.run(["edit", "deployment", "web"], { env: { KUBE_EDITOR: editor } });
    expect(unchanged.code).toBe(0);
    expect(unchanged.stdout + unchanged.stderr).toContain("Edit cancelled, no changes made.");
  });
});
