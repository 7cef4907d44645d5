import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServerFixture, startApiServer } from "./support/api-server.js";
import { requestJson, valueAt } from "./support/http.js";
import { createKubectl, type Kubectl } from "./support/kubectl.js";
import { deploymentManifest, type Manifest, podManifest, toYaml } from "./support/manifests.js";
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

const podsPath = "/api/v1/namespaces/default/pods";

/** A pod already bound to a node: deleting it is graceful (it waits for the kubelet). */
function boundPod(name: string, labels: Record<string, string>): Manifest {
  const pod = podManifest(name, { labels });
  return { ...pod, spec: { ...(pod.spec as object), nodeName: "node-1" } };
}

async function create(manifest: Manifest): Promise<void> {
  const response = await requestJson(api.url, "POST", podsPath, manifest);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

/** What the kubelet does once the containers are gone: the final delete with grace 0. */
async function confirmDeletion(name: string): Promise<void> {
  const response = await requestJson(api.url, "DELETE", `${podsPath}/${name}`, { gracePeriodSeconds: 0 });
  expect(response.status).toBe(200);
}

/**
 * `EVENT NAME STATUS` of each row of `get -w --output-watch-events`. Rows printed later are not aligned
 * with the header (kubectl sizes columns on the first rows), so cells are split on whitespace.
 */
const watchEvents = (stdout: string) =>
  stdout
    .split("\n")
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [event, name, , status] = line.trim().split(/\s+/);
      return `${event} ${name} ${status}`;
    });

describe.sequential("kubectl get -w and delete", () => {
  it("get -w prints each create, update and delete as it happens", async () => {
    const watch = kubectl.start(["get", "pods", "-w", "--output-watch-events", "-l", "app=watched"]);
    let stdout: string;
    try {
      // Creating before kubectl has listed shows as ADDED too; the order of what follows is the point.
      await kubectl.ok(["create", "-f", "-"], {
        input: toYaml(podManifest("w1", { labels: { app: "watched" } })),
      });
      await watch.waitForOutput((out) => out.includes("ADDED"), "the ADDED row");
      await kubectl.ok(["label", "pod", "w1", "step=two"]);
      await watch.waitForOutput((out) => out.includes("MODIFIED"), "the MODIFIED row");
      await kubectl.ok(["delete", "pod", "w1"]);
      await watch.waitForOutput((out) => out.includes("DELETED"), "the DELETED row");
      await create(boundPod("w2", { app: "watched" }));
      await kubectl.ok(["delete", "pod", "w2", "--wait=false"]);
      await watch.waitForOutput((out) => /MODIFIED\s+w2\s+0\/1\s+Terminating/.test(out), "w2 Terminating");
      await confirmDeletion("w2");
      await watch.waitForOutput((out) => /DELETED\s+w2/.test(out), "w2 DELETED");
      expect(watch.running).toBe(true);
    } finally {
      ({ stdout } = await watch.stop());
    }
    expect(stdout.split("\n")[0]).toMatch(/^EVENT\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(watchEvents(stdout)).toEqual([
      "ADDED w1 Pending",
      "MODIFIED w1 Pending",
      "DELETED w1 Pending",
      "ADDED w2 Pending",
      "MODIFIED w2 Terminating",
      "DELETED w2 Terminating",
    ]);
  });

  it("delete waits until the kubelet has confirmed a graceful deletion", async () => {
    await create(boundPod("graceful", { app: "graceful" }));
    const deleting = kubectl.start(["delete", "pod", "graceful", "--timeout=30s"]);
    await deleting.waitForOutput((out) => out.includes('pod "graceful" deleted'), "the deleted line");
    const marked = await requestJson(api.url, "GET", `${podsPath}/graceful`);
    expect(marked.status).toBe(200);
    expect(valueAt(marked.body, "metadata.deletionTimestamp")).toEqual(expect.any(String));
    expect(valueAt(marked.body, "metadata.deletionGracePeriodSeconds")).toBe(30);
    expect(deleting.running).toBe(true);
    await confirmDeletion("graceful");
    expect(await deleting.exit()).toMatchObject({ code: 0 });
    expect((await requestJson(api.url, "GET", `${podsPath}/graceful`)).status).toBe(404);
  });

  it("delete --grace-period=0 --force removes a bound pod at once", async () => {
    await create(boundPod("forced", { app: "forced" }));
    const result = await kubectl.run(["delete", "pod", "forced", "--grace-period=0", "--force"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('pod "forced" force deleted\n');
    expect(result.stderr).toContain("Immediate deletion does not wait for confirmation");
    expect((await requestJson(api.url, "GET", `${podsPath}/forced`)).status).toBe(404);
  });

  it("delete -l removes only the selected objects, and a deployment with its scale", async () => {
    for (const name of ["b1", "b2"]) await create(podManifest(name, { labels: { app: "batch" } }));
    await create(podManifest("keep", { labels: { app: "other" } }));
    expect(await kubectl.ok(["delete", "pods", "-l", "app=batch"])).toBe(
      'pod "b1" deleted\npod "b2" deleted\n',
    );
    expect(tableRows(await kubectl.ok(["get", "pods"])).map((row) => row.NAME)).toEqual(["keep"]);

    const created = await requestJson(
      api.url,
      "POST",
      "/apis/apps/v1/namespaces/default/deployments",
      deploymentManifest("gone"),
    );
    expect(created.status).toBe(201);
    expect(await kubectl.ok(["delete", "deployment", "gone"])).toBe('deployment.apps "gone" deleted\n');
    const missing = await kubectl.run(["delete", "deployment", "gone"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error from server (NotFound): deployments.apps "gone" not found');
  });
});
