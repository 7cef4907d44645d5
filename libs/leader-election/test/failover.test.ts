import { LeaseService } from "@capstan/api";
import { createGrpcClient } from "@capstan/client";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLeaderElector, grpcLeases } from "../src/index.js";
import { startTestApiServer, type TestApiServer, testLogger } from "./cluster.js";

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
    let leader: string | undefined;
    let overlaps = 0;
    const leaderships: string[] = [];
    const start = (identity: string) => {
      const controller = new AbortController();
      const elector = createLeaderElector({
        lease: ref,
        identity,
        leases,
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
    const candidates = [start("a"), start("b")];
    try {
      const first = await waitFor(() => leader, { timeoutMs: 5_000, description: "a leader" });
      const lease = await leases.get(ref);
      expect(lease?.record.holderIdentity).toBe(first);
      expect(leaderships).toEqual([first]);

      const stoppedAt = Date.now();
      await candidates.find((c) => c.identity === first)?.stop();
      const second = await waitFor(() => leader, {
        timeoutMs: timing.leaseDurationMs,
        description: "a new leader",
      });
      expect(Date.now() - stoppedAt).toBeLessThan(timing.leaseDurationMs);
      expect(second).not.toBe(first);
      const taken = await leases.get(ref);
      expect(taken?.record.holderIdentity).toBe(second);
      expect(taken?.record.leaseTransitions).toBe(1);
      expect(overlaps).toBe(0);
    } finally {
      await Promise.all(candidates.map((c) => c.stop()));
    }
  });
});
