import { fileURLToPath } from "node:url";
import { DeploymentService, LeaseService } from "@capstan/api";
import { createGrpcClient } from "@capstan/client";
import { type ManagedProcess, startProcess, waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FAST_ELECTION,
  startWorkloadCluster,
  type WorkloadCluster,
} from "./controllers-workloads-fixture.js";
import { watchRollout } from "./controllers-workloads-watch.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const LEASE = { namespace: "kube-system", name: "kube-controller-manager" };

describe("controller-manager failover mid-rollout", () => {
  let cluster: WorkloadCluster;
  let active: ManagedProcess | undefined;
  beforeAll(async () => {
    cluster = await startWorkloadCluster(3, false);
  });
  afterAll(async () => {
    await active?.kill();
    await cluster?.stop();
  });

  const holder = async () => {
    try {
      return (
        (await createGrpcClient(LeaseService, cluster.api.transport).get(LEASE)).spec?.holderIdentity ?? ""
      );
    } catch {
      return "";
    }
  };
  const deployment = () =>
    createGrpcClient(DeploymentService, cluster.api.transport).get({ namespace: "default", name: "web" });

  it("a standby takes over from a killed leader and finishes the rollout within its bounds", async () => {
    active = startProcess({
      name: "controller-manager",
      command: process.execPath,
      args: [
        "--conditions=development",
        "--import",
        "tsx",
        "apps/controller-manager/src/main.ts",
        `--apiserver-grpc=${cluster.api.grpcAddress}`,
        "--health-port=0",
        ...FAST_ELECTION,
      ],
      cwd: ROOT,
      env: { CAPSTAN_LOG_LEVEL: "warn" },
    });
    // The child compiles the sources with tsx first: slow on a loaded machine.
    await waitFor(async () => (await holder()) !== "", { timeoutMs: 90_000, description: "a leader" }).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\n${active?.output()}`);
      },
    );
    const leader = await holder();
    const standby = cluster.startManager();
    expect(standby.component.isLeading()).toBe(false);

    const kubectl = (...args: string[]) => cluster.kubectl.ok(args, { timeoutMs: 60_000 });
    await kubectl("create", "deployment", "web", "--image=busybox:1", "--replicas=5");
    await kubectl(
      "patch",
      "deployment",
      "web",
      "-p",
      '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}',
    );
    await kubectl("rollout", "status", "deployment/web", "--timeout=60s");
    // Each step now waits for a new pod to be available for 2 s: the kill lands mid-rollout.
    await kubectl("patch", "deployment", "web", "-p", '{"spec":{"minReadySeconds":2}}');
    const watcher = await watchRollout(cluster.api.transport, "app=web");
    await kubectl("set", "image", "deployment/web", "busybox=busybox:2");
    // Under way: the controller has seen the new template and started the first new pod.
    const underWay = async () => {
      const current = await deployment();
      const seen = (current.status?.observedGeneration ?? 0n) >= (current.metadata?.generation ?? 0n);
      return seen && (current.status?.updatedReplicas ?? 0) >= 1;
    };
    await waitFor(underWay, {
      timeoutMs: 30_000,
      description: "the rollout under way",
    });
    await active.kill();
    expect((await deployment()).status?.updatedReplicas).toBeLessThan(5);

    await waitFor(() => standby.component.isLeading(), {
      timeoutMs: 15_000,
      description: "the standby leading",
    });
    expect(await holder()).toBe(standby.component.identity);
    expect(standby.component.identity).not.toBe(leader);
    const out = await kubectl("rollout", "status", "deployment/web", "--timeout=60s");
    expect(out).toContain('deployment "web" successfully rolled out');
    await watcher.stop();
    expect(watcher.extremes().maxPods).toBeLessThanOrEqual(6);
    expect(watcher.extremes().minAvailable).toBeGreaterThanOrEqual(5);
    expect((await deployment()).status).toMatchObject({
      replicas: 5,
      updatedReplicas: 5,
      availableReplicas: 5,
    });
  }, 240_000);
});
