import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PodService } from "@capstan/api";
import { startTestApiServer, type TestApiServer } from "@capstan/apiserver/testing";
import { createGrpcClient } from "@capstan/client";
import { type HollowNodes, startHollowNodes } from "@capstan/hollow-node";
import { createLogger, loadConfig } from "@capstan/runtime";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSchedulerComponent, type SchedulerComponent } from "../src/component/component.js";
import { schedulerConfig } from "../src/component/config.js";

const logger = createLogger({
  component: "scheduler-app-test",
  level: process.env.CAPSTAN_TEST_LOG ?? "silent",
});
let server: TestApiServer;
let nodes: HollowNodes;

beforeAll(async () => {
  server = await startTestApiServer();
  nodes = await startHollowNodes({ transport: server.transport, count: 2, logger });
});

afterAll(async () => {
  await nodes?.stop();
  await server?.stop();
});

/** The component configured by flags, as `scheduler --flag ...` would be. */
function configFor(flags: string[]) {
  const loaded = loadConfig(schedulerConfig, {
    argv: [
      `--apiserver-url=${server.restUrl}`,
      `--apiserver-grpc=${server.grpcAddress}`,
      "--health-port=0",
      ...flags,
    ],
    env: {},
  });
  if (loaded.help) throw new Error("no --help in tests");
  return loaded.values;
}

async function run(component: SchedulerComponent) {
  const controller = new AbortController();
  const running = component.start(controller.signal);
  running.catch(() => {});
  const { healthPort } = await component.ready();
  return {
    url: `http://127.0.0.1:${healthPort}`,
    async stop() {
      controller.abort();
      await running;
    },
  };
}

const pods = () => createGrpcClient(PodService, server.transport);

async function boundNode(name: string): Promise<string> {
  return waitFor(async () => (await pods().get({ namespace: "default", name })).spec?.nodeName || undefined, {
    description: `pod ${name} bound`,
  });
}

describe("the scheduler component", () => {
  it("schedules without leader election and serves health and metrics", async () => {
    const component = createSchedulerComponent(configFor(["--no-leader-elect"]), logger);
    const running = await run(component);
    try {
      await pods().create({
        metadata: { name: "solo", namespace: "default" },
        spec: { containers: [{ name: "app", image: "nginx" }] },
      });
      expect(nodes.names).toContain(await boundNode("solo"));
      expect(component.isLeader()).toBe(true);
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
      const metrics = await (await fetch(`${running.url}/metrics`)).text();
      expect(metrics).toMatch(/leader_election_master_status\{[^}]*name="kube-scheduler"[^}]*\} 1/);
    } finally {
      await running.stop();
    }
    expect(component.isLeader()).toBe(false);
  });

  it("schedules only while it holds the Lease", async () => {
    const flags = [
      "--leader-elect-lease-duration=3s",
      "--leader-elect-renew-deadline=2s",
      "--leader-elect-retry-period=200ms",
      "--leader-elect-resource-name=it-sched",
    ];
    const first = createSchedulerComponent(configFor(flags), logger, { identity: "first" });
    const second = createSchedulerComponent(configFor(flags), logger, { identity: "second" });
    const runFirst = await run(first);
    await waitFor(() => first.isLeader(), { description: "the first instance leading" });
    const runSecond = await run(second);
    try {
      await pods().create({
        metadata: { name: "elected", namespace: "default" },
        spec: { containers: [{ name: "app", image: "nginx" }] },
      });
      await boundNode("elected");
      expect(second.isLeader()).toBe(false);
      const standby = await (await fetch(`${runSecond.url}/metrics`)).text();
      expect(standby).toMatch(/leader_election_master_status\{[^}]*\} 0/);
      // The standby takes over once the leader stops (released Lease, or at worst its 3 s expiry).
      await runFirst.stop();
      await waitFor(() => second.isLeader(), { description: "the standby leading", timeoutMs: 6_000 });
      await pods().create({
        metadata: { name: "after-handover", namespace: "default" },
        spec: { containers: [{ name: "app", image: "nginx" }] },
      });
      await boundNode("after-handover");
    } finally {
      await runFirst.stop();
      await runSecond.stop();
    }
  });

  it("refuses a config that is not the scheduler's", () => {
    expect(() => createSchedulerComponent(null as never, logger)).toThrow(/schedulerConfig/);
  });
});

describe("the scheduler component with a config file", () => {
  it("runs the file's profile and leader election settings", async () => {
    const dir = await mkdtemp(join(tmpdir(), "capstan-scheduler-config-"));
    try {
      const path = join(dir, "config.yaml");
      await writeFile(
        path,
        [
          "apiVersion: kubescheduler.config.k8s.io/v1",
          "kind: KubeSchedulerConfiguration",
          "leaderElection: { leaderElect: false }",
          "profiles:",
          "  - schedulerName: file-scheduler",
        ].join("\n"),
      );
      const component = createSchedulerComponent(configFor([`--config=${path}`]), logger);
      const running = await run(component);
      try {
        await pods().create({
          metadata: { name: "from-file", namespace: "default" },
          spec: { schedulerName: "file-scheduler", containers: [{ name: "app", image: "nginx" }] },
        });
        await boundNode("from-file");
        expect(component.isLeader()).toBe(true);
      } finally {
        await running.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("fails to start, and says why, on leader election timings that cannot work", async () => {
    const component = createSchedulerComponent(
      configFor(["--leader-elect-lease-duration=1s", "--leader-elect-renew-deadline=2s"]),
      logger,
    );
    await expect(component.start(new AbortController().signal)).rejects.toThrow(/renewDeadline/);
    await expect(component.ready()).rejects.toThrow(/renewDeadline/);
  });

  it("fails to start, and says why, on a bad file", async () => {
    const component = createSchedulerComponent(configFor(["--config=/nonexistent/scheduler.yaml"]), logger);
    const running = component.start(new AbortController().signal);
    await expect(running).rejects.toThrow(/cannot read scheduler config/);
    await expect(component.ready()).rejects.toThrow(/cannot read scheduler config/);
  });
});
