import { PodService } from "@capstan/api";
import { createGrpcClient } from "@capstan/client";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SchedulerCluster, startSchedulerCluster } from "../src/scheduler-cluster.js";
import { type SchedulerProcess, startSchedulerProcess } from "../src/scheduler-process.js";

const LEASE_DURATION_MS = 3_000;
const RETRY_PERIOD_MS = 250;
const ELECTION = [
  `--leader-elect-lease-duration=${LEASE_DURATION_MS}ms`,
  "--leader-elect-renew-deadline=2s",
  `--leader-elect-retry-period=${RETRY_PERIOD_MS}ms`,
];

describe("scheduler failover: two scheduler processes, the leader killed", () => {
  let cluster: SchedulerCluster;
  const schedulers: SchedulerProcess[] = [];
  /** Every node name each pod was seen with, in order, from a watch started before any pod. */
  const seenNodes = new Map<string, string[]>();
  const watching = new AbortController();

  beforeAll(async () => {
    cluster = await startSchedulerCluster({ count: 3, namePrefix: "fo-" }, false);
    void recordBindings();
  });

  afterAll(async () => {
    watching.abort();
    await Promise.all(schedulers.map((scheduler) => scheduler.process.stop()));
    await cluster?.stop();
  });

  async function recordBindings() {
    const pods = createGrpcClient(PodService, cluster.api.transport);
    try {
      for await (const event of pods.watch({ namespace: "default" }, { signal: watching.signal })) {
        const name = event.object?.metadata?.name ?? "";
        const node = event.object?.spec?.nodeName ?? "";
        const seen = seenNodes.get(name) ?? [];
        if (node !== "" && seen.at(-1) !== node) seen.push(node);
        seenNodes.set(name, seen);
      }
    } catch (error) {
      if (!watching.signal.aborted) throw error;
    }
  }

  const createPods = async (prefix: string, count: number) => {
    const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    for (const name of names) await cluster.createPod(name);
    return names;
  };

  it("lets only the leader schedule, and the standby take over within the lease duration", async () => {
    // Both start at once (a start costs seconds of transpiling here); whichever wins the Lease leads.
    schedulers.push(
      ...(await Promise.all([
        startSchedulerProcess("scheduler-a", cluster.api, ELECTION),
        startSchedulerProcess("scheduler-b", cluster.api, ELECTION),
      ])),
    );
    const leaderIndex = await waitFor(
      async () => {
        const leading = await Promise.all(schedulers.map((scheduler) => scheduler.isLeader()));
        return leading.filter(Boolean).length === 1 ? leading.indexOf(true) : undefined;
      },
      { description: "exactly one scheduler leading", timeoutMs: 20_000 },
    );
    const first = schedulers[leaderIndex] as SchedulerProcess;
    const second = schedulers[1 - leaderIndex] as SchedulerProcess;

    const before = await createPods("before", 10);
    await Promise.all(before.map((name) => cluster.nodeOf(name)));
    expect(await second.isLeader()).toBe(false);

    await first.process.kill();
    const killedAt = Date.now();
    const during = await createPods("during", 10);
    await waitFor(() => second.isLeader(), {
      description: "scheduler-b leading",
      timeoutMs: LEASE_DURATION_MS + 5_000,
      intervalMs: 50,
    });
    const takeoverMs = Date.now() - killedAt;
    // From the last renewal the standby saw, it waits one lease duration, then its next attempt wins.
    expect(takeoverMs).toBeLessThan(LEASE_DURATION_MS + 4 * RETRY_PERIOD_MS + 500);
    await Promise.all(during.map((name) => cluster.nodeOf(name, 15_000)));

    for (const name of [...before, ...during]) {
      expect(seenNodes.get(name), `nodes seen for ${name}`).toHaveLength(1);
      const scheduled = (await cluster.eventsAbout(name)).filter((event) => event.startsWith("Scheduled:"));
      expect(scheduled, `Scheduled events of ${name}`).toHaveLength(1);
    }
  }, 120_000);
});
