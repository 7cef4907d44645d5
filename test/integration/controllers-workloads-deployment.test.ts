import { type Deployment, DeploymentService, type ReplicaSet, ReplicaSetService } from "@capstan/api";
import { createGrpcClient } from "@capstan/client";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkloadCluster, type WorkloadCluster } from "./controllers-workloads-fixture.js";
import { watchRollout } from "./controllers-workloads-watch.js";

const REVISION = "deployment.kubernetes.io/revision";

describe("deployments with kubectl against a real apiserver", () => {
  let cluster: WorkloadCluster;
  beforeAll(async () => {
    cluster = await startWorkloadCluster(3);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const kubectl = (...args: string[]) => cluster.kubectl.ok(args, { timeoutMs: 60_000 });
  const deployment = (name: string): Promise<Deployment> =>
    createGrpcClient(DeploymentService, cluster.api.transport).get({ namespace: "default", name });
  const replicaSetsOf = async (app: string): Promise<ReplicaSet[]> =>
    (
      await createGrpcClient(ReplicaSetService, cluster.api.transport).list({
        namespace: "default",
        labelSelector: `app=${app}`,
      })
    ).items;
  const imageOf = async (name: string) => (await deployment(name)).spec?.template?.spec?.containers[0]?.image;

  it("creates a deployment whose rollout completes, with a hashed ReplicaSet at revision 1", async () => {
    await kubectl("create", "deployment", "web", "--image=busybox:1", "--replicas=6");
    await kubectl(
      "patch",
      "deployment",
      "web",
      "-p",
      '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":2,"maxUnavailable":1}}}}',
    );
    const out = await kubectl("rollout", "status", "deployment/web", "--timeout=30s");
    expect(out).toContain('deployment "web" successfully rolled out');
    const [replicaSet] = await replicaSetsOf("web");
    const hash = replicaSet?.metadata?.labels["pod-template-hash"] ?? "";
    expect(replicaSet?.metadata?.name).toBe(`web-${hash}`);
    expect(replicaSet?.spec?.selector?.matchLabels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(replicaSet?.metadata?.annotations[REVISION]).toBe("1");
    const status = (await deployment("web")).status;
    expect(status).toMatchObject({ replicas: 6, updatedReplicas: 6, availableReplicas: 6, readyReplicas: 6 });
    const reasons = Object.fromEntries(
      status?.conditions.map((c) => [c.type, `${c.status}/${c.reason}`]) ?? [],
    );
    expect(reasons).toEqual({
      Available: "True/MinimumReplicasAvailable",
      Progressing: "True/NewReplicaSetAvailable",
    });
  });

  it("rolls out set image within maxSurge and maxUnavailable", async () => {
    const watcher = await watchRollout(cluster.api.transport, "app=web");
    await kubectl("set", "image", "deployment/web", "busybox=busybox:2");
    const out = await kubectl("rollout", "status", "deployment/web", "--timeout=30s");
    expect(out).toContain('deployment "web" successfully rolled out');
    await waitFor(
      async () =>
        (await cluster.kubectl.ok(["get", "pods", "-l", "app=web", "-o", "name"])).trim().split("\n")
          .length === 6,
      {
        timeoutMs: 15_000,
        description: "old pods gone",
      },
    );
    await watcher.stop();
    const extremes = watcher.extremes();
    // The surge is used (more than 6 at once) but never exceeded; availability never drops below 5.
    expect(extremes.maxPods).toBeGreaterThan(6);
    expect(extremes.maxPods).toBeLessThanOrEqual(6 + 2);
    expect(extremes.minAvailable).toBeGreaterThanOrEqual(6 - 1);
    expect(extremes.maxTemplates).toBe(2);
    const sets = await replicaSetsOf("web");
    expect(sets.map((rs) => [rs.metadata?.annotations[REVISION], rs.spec?.replicas]).sort()).toEqual([
      ["1", 0],
      ["2", 6],
    ]);
  });

  it("shows the history and undoes to the previous and to a given revision", async () => {
    const history = await kubectl("rollout", "history", "deployment/web");
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    expect(await kubectl("rollout", "history", "deployment/web", "--revision=1")).toContain("busybox:1");
    await kubectl("rollout", "undo", "deployment/web");
    await kubectl("rollout", "status", "deployment/web", "--timeout=30s");
    expect(await imageOf("web")).toBe("busybox:1");
    expect((await deployment("web")).metadata?.annotations[REVISION]).toBe("3");
    expect(await kubectl("rollout", "history", "deployment/web")).toMatch(/\n2\s+<none>\n3\s+<none>/);
    await kubectl("rollout", "undo", "deployment/web", "--to-revision=2");
    await kubectl("rollout", "status", "deployment/web", "--timeout=30s");
    expect(await imageOf("web")).toBe("busybox:2");
    expect((await deployment("web")).metadata?.annotations[REVISION]).toBe("4");
  });

  it("holds a paused deployment and rolls on resume; restart makes a new revision", async () => {
    await kubectl("rollout", "pause", "deployment/web");
    await kubectl("set", "image", "deployment/web", "busybox=busybox:3");
    await waitFor(
      async () =>
        (await deployment("web")).status?.conditions.some((c) => c.reason === "DeploymentPaused") ?? false,
      {
        timeoutMs: 10_000,
        description: "the DeploymentPaused condition",
      },
    );
    expect(
      (await replicaSetsOf("web")).some(
        (rs) => rs.spec?.template?.spec?.containers[0]?.image === "busybox:3",
      ),
    ).toBe(false);
    await kubectl("rollout", "resume", "deployment/web");
    await kubectl("rollout", "status", "deployment/web", "--timeout=30s");
    expect((await deployment("web")).metadata?.annotations[REVISION]).toBe("5");
    await kubectl("rollout", "restart", "deployment/web");
    await kubectl("rollout", "status", "deployment/web", "--timeout=30s");
    const current = await deployment("web");
    expect(current.metadata?.annotations[REVISION]).toBe("6");
    expect(current.spec?.template?.metadata?.annotations["kubectl.kubernetes.io/restartedAt"]).toBeTruthy();
  });

  it("scales with kubectl scale", async () => {
    await kubectl("scale", "deployment/web", "--replicas=9");
    await kubectl("rollout", "status", "deployment/web", "--timeout=30s");
    expect((await deployment("web")).status).toMatchObject({ replicas: 9, availableReplicas: 9 });
  });

  it("replaces every pod at once with Recreate, never running two templates", async () => {
    await kubectl("create", "deployment", "batch", "--image=busybox:1", "--replicas=3");
    await kubectl(
      "patch",
      "deployment",
      "batch",
      "-p",
      '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}',
    );
    await kubectl("rollout", "status", "deployment/batch", "--timeout=30s");
    const watcher = await watchRollout(cluster.api.transport, "app=batch");
    await kubectl("set", "image", "deployment/batch", "busybox=busybox:2");
    await kubectl("rollout", "status", "deployment/batch", "--timeout=30s");
    await watcher.stop();
    expect(watcher.extremes().maxTemplates).toBe(1);
    expect(watcher.extremes().maxPods).toBeLessThanOrEqual(3);
  });

  it("reports ProgressDeadlineExceeded when pods cannot run, and rollout status fails", async () => {
    await kubectl("create", "deployment", "stuck", "--image=busybox:1", "--replicas=2");
    await kubectl(
      "patch",
      "deployment",
      "stuck",
      "-p",
      '{"spec":{"progressDeadlineSeconds":2,"template":{"spec":{"nodeSelector":{"no-such":"node"}}}}}',
    );
    const failure = await cluster.kubectl.fails(["rollout", "status", "deployment/stuck", "--timeout=30s"], {
      timeoutMs: 40_000,
    });
    expect(failure).toContain('deployment "stuck" exceeded its progress deadline');
  });
});
