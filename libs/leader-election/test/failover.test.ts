import { LeaseService } from "@capstan/api";
import { startTestApiServer, type TestApiServer } from "@capstan/apiserver/testing";
import { createGrpcClient } from "@capstan/client";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLeaderElector, grpcLeases, type LeaseClient } from "../src/index.js";
import { testLogger } from "./test-logger.js";

const ref = { namespace: "default", name: "failover" };
const timing = { leaseDurationMs: 1_500, renewDeadlineMs: 1_000, retryPeriodMs: 200 };

describe("two electors against a real apiserver", () => {
  let api: TestApiServer;
  beforeAll(async () => {
    api = await startTestApiServer();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it("elects exactly one leader, hands over on stop, and never has two at once", async () => {
    const leases = grpcLeases(createGrpcClient(LeaseService, api.transport));
    const { start, current, overlapCount, leaderships } = track(ref, () => leases);
    const candidates = [start("a"), start("b")];
    try {
      const first = await waitFor(current, { timeoutMs: 5_000, description: "a leader" });
      const lease = await leases.get(ref);
      expect(lease?.record.holderIdentity).toBe(first);
      expect(leaderships).toEqual([first]);

      const stoppedAt = Date.now();
      await candidates.find((c) => c.identity === first)?.stop();
      const second = await waitFor(current, {
        timeoutMs: timing.leaseDurationMs,
        description: "a new leader",
      });
      expect(Date.now() - stoppedAt).toBeLessThan(timing.leaseDurationMs);
      expect(second).not.toBe(first);
      const taken = await leases.get(ref);
      expect(taken?.record.holderIdentity).toBe(second);
      expect(taken?.record.leaseTransitions).toBe(1);
      expect(overlapCount()).toBe(0);
    } finally {
      await Promise.all(candidates.map((c) => c.stop()));
    }
  });

  it("lets the standby take over once a cut-off leader's lease expires, never overlapping", async () => {
    const real = grpcLeases(createGrpcClient(LeaseService, api.transport));
    const cut = new Set<string>();
    const crashRef = { namespace: "default", name: "crash" };
    const { start, current, overlapCount } = track(crashRef, (identity) =>
      cuttable(real, () => cut.has(identity)),
    );
    const candidates = [start("a"), start("b")];
    try {
      const first = await waitFor(current, { timeoutMs: 5_000, description: "a leader" });
      const cutAt = Date.now();
      cut.add(first);
      const second = await waitFor(() => current() !== first && current(), {
        timeoutMs: timing.leaseDurationMs + 2 * timing.retryPeriodMs + 1_000,
        description: "the standby to lead",
      });
      expect(second).not.toBe(first);
      expect(Date.now() - cutAt).toBeGreaterThanOrEqual(timing.renewDeadlineMs);
      expect(overlapCount()).toBe(0);
      expect((await real.get(crashRef))?.record.holderIdentity).toBe(second);
    } finally {
      await Promise.all(candidates.map((c) => c.stop()));
    }
  });
});

/** A lease client whose every call fails while `isCut()`: a leader cut off from the apiserver. */
function cuttable(leases: LeaseClient, isCut: () => boolean): LeaseClient {
  const guard = () => {
    if (isCut()) throw new Error("cut off from the apiserver");
  };
  return {
    async get(...args) {
      guard();
      return leases.get(...args);
    },
    async create(...args) {
      guard();
      return leases.create(...args);
    },
    async update(...args) {
      guard();
      return leases.update(...args);
    },
  };
}

/** Starts candidates for one lease, tracking who leads through a flag shared by all of them. */
function track(lease: { namespace: string; name: string }, leasesFor: (identity: string) => LeaseClient) {
  let leader: string | undefined;
  let overlaps = 0;
  const leaderships: string[] = [];
  const start = (identity: string) => {
    const controller = new AbortController();
    const elector = createLeaderElector({
      lease,
      identity,
      leases: leasesFor(identity),
      logger: testLogger,
      ...timing,
      onStartedLeading(signal) {
        if (leader !== undefined) overlaps += 1;
        leader = identity;
        leaderships.push(identity);
        signal.addEventListener("abort", () => {
          if (leader === identity) leader = undefined;
        });
      },
    });
    const done = elector.start(controller.signal);
    const stop = async () => {
      controller.abort();
      await done;
    };
    return { identity, stop };
  };
  return { start, current: () => leader, overlapCount: () => overlaps, leaderships };
}
