import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { request } from "node:https";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKubectl, type Kubectl } from "../integration/support/kubectl.js";
import { type ComposeCluster, ensureImages, startComposeCluster } from "./support/compose-cluster.js";

/** The compose cluster needs docker-compose and a Docker Engine; without them the suite says why it skips. */
const composeAvailable =
  spawnSync("docker-compose", ["version"]).status === 0 &&
  spawnSync("/usr/bin/docker", ["version"]).status === 0;

// Startup on a loaded 2-core machine: every container starts Node; the apiservers wait for etcd.
const CLUSTER_READY_MS = 6 * 60_000;

describe.runIf(composeAvailable)("the docker-compose deployment", () => {
  let cluster: ComposeCluster | undefined;
  let kubectl: Kubectl;
  let nodes: string[] = [];
  const running = (): ComposeCluster => {
    if (!cluster) throw new Error("the compose cluster did not start");
    return cluster;
  };

  beforeAll(async () => {
    const images = await ensureImages();
    // The proxy binds node ports in the host's network: it stays out until the NodePort scenario is tested.
    cluster = await startComposeCluster(images, {
      apiserver: 2,
      kubelet: 3,
      scheduler: 2,
      "controller-manager": 2,
      proxy: 0,
    });
    kubectl = await createKubectl(cluster.apiUrl);
    // Every call goes through the generated admin kubeconfig (bearer token, cluster CA).
    const admin = [`--kubeconfig=${cluster.kubeconfig}`];
    const { run, ok } = kubectl;
    kubectl = {
      ...kubectl,
      run: (args, options) => run([...admin, ...args], options),
      ok: (args, options) => ok([...admin, ...args], options),
    };
  }, 20 * 60_000);

  afterAll(async () => {
    await kubectl?.dispose();
    await cluster?.down();
  }, 10 * 60_000);

  it(
    "registers one Ready node per kubelet container, reached through the balancer",
    async () => {
      const kubelets = await running().containers("kubelet");
      expect(kubelets).toHaveLength(3);
      // Node name = the kubelet container's hostname, Docker's short container id.
      const expected = kubelets.map((id) => id.slice(0, 12)).sort();
      nodes = expected;
      await waitFor(
        async () => {
          const out = await kubectl.run([
            "get",
            "nodes",
            "-o",
            'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
          ]);
          const ready = out.stdout
            .split("\n")
            .filter((line) => line.endsWith("=True"))
            .map((line) => line.split("=")[0]);
          return expected.every((node) => ready.includes(node));
        },
        { timeoutMs: CLUSTER_READY_MS, intervalMs: 2_000, description: "3 Ready nodes" },
      );
    },
    CLUSTER_READY_MS + 10_000,
  );

  it("refuses requests through the balancer without a valid token", async () => {
    const ca = await readFile(running().caFile);
    for (const authorization of [undefined, "Bearer wrong"]) {
      const status = await new Promise<number>((resolve, reject) => {
        const headers = authorization ? { authorization } : undefined;
        request(`${running().apiUrl}/api/v1/namespaces`, { ca, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .once("error", reject)
          .end();
      });
      expect(status).toBe(401);
    }
  });

  it("keeps serving kubectl when one apiserver stops", async () => {
    await kubectl.ok(["create", "namespace", "e2e-survives"]);
    const apiservers = await running().containers("apiserver");
    expect(apiservers).toHaveLength(2);
    await running().stopContainer(apiservers[0] ?? "");
    // Enough requests that round robin would have sent some to the stopped replica.
    for (let i = 0; i < 6; i++) {
      expect(await kubectl.ok(["get", "namespace", "e2e-survives", "-o", "name"])).toContain("e2e-survives");
    }
  }, 120_000);

  it(
    "leaves no container, network or volume behind after down",
    async () => {
      await running().down();
      expect(await running().leftovers(nodes)).toEqual([]);
      cluster = undefined;
    },
    10 * 60_000,
  );
});
