import { createLogger } from "@capstan/runtime";
import { waitFor } from "@capstan/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryLeases, type MemoryLeases } from "../test/memory-leases.js";
import { createLeaderElector, LeaderElectionConfigError, LeaseConflictError } from "./index.js";

const logger = createLogger({ component: "leader-election-test", level: "silent" });
const ref = { namespace: "kube-system", name: "scheduler" };
const timing = { leaseDurationMs: 600, renewDeadlineMs: 400, retryPeriodMs: 20 };

interface Candidate {
  leading: boolean;
  stopped: number;
  leaderSignal: AbortSignal | undefined;
  stop(): Promise<void>;
}

const running: Candidate[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((candidate) => candidate.stop()));
});

function startCandidate(leases: MemoryLeases, identity: string, now?: () => number): Candidate {
  const controller = new AbortController();
  const candidate: Candidate = {
    leading: false,
    stopped: 0,
    leaderSignal: undefined,
    async stop() {
      controller.abort();
      await done;
    },
  };
  const elector = createLeaderElector({
    lease: ref,
    identity,
    leases,
    logger,
    ...timing,
    ...(now ? { now } : {}),
    onStartedLeading(signal) {
      candidate.leading = true;
      candidate.leaderSignal = signal;
      signal.addEventListener("abort", () => {
        candidate.leading = false;
      });
    },
    onStoppedLeading() {
      candidate.stopped += 1;
    },
  });
  const done = elector.start(controller.signal);
  running.push(candidate);
  return candidate;
}

describe("createLeaderElector", () => {
  it("creates an absent lease and leads", async () => {
    const leases = createMemoryLeases();
    const candidate = startCandidate(leases, "a");
    await waitFor(() => candidate.leading, { timeoutMs: 2_000 });
    const record = leases.peek(ref)?.record;
    expect(record?.holderIdentity).toBe("a");
    expect(record?.leaseTransitions).toBe(0);
    expect(record?.leaseDurationSeconds).toBe(1);
    expect(record?.acquireTime).toBeInstanceOf(Date);
    expect(record?.renewTime?.getTime()).toBeGreaterThanOrEqual(record?.acquireTime?.getTime() ?? Infinity);
  });

  it("renews the lease every retry period while leading", async () => {
    const leases = createMemoryLeases();
    const candidate = startCandidate(leases, "a");
    await waitFor(() => candidate.leading, { timeoutMs: 2_000 });
    const first = leases.peek(ref)?.record;
    await waitFor(
      () => (leases.peek(ref)?.record.renewTime?.getTime() ?? 0) > (first?.renewTime?.getTime() ?? 0),
      {
        timeoutMs: 2_000,
      },
    );
    const renewed = leases.peek(ref)?.record;
    expect(renewed?.holderIdentity).toBe("a");
    expect(renewed?.acquireTime?.getTime()).toBe(first?.acquireTime?.getTime());
    expect(renewed?.leaseTransitions).toBe(0);
  });

  it("waits while another holder's lease is fresh and takes it over once expired", async () => {
    const leases = createMemoryLeases();
    leases.put(ref, {
      holderIdentity: "other",
      leaseDurationSeconds: 1,
      acquireTime: new Date(0),
      renewTime: new Date(0),
      leaseTransitions: 4,
    });
    let clock = 1_000_000;
    const candidate = startCandidate(leases, "b", () => clock);
    await waitFor(() => leases.reads >= 5, { timeoutMs: 2_000 });
    expect(candidate.leading).toBe(false);
    clock += timing.leaseDurationMs;
    await waitFor(() => candidate.leading, { timeoutMs: 2_000 });
    const record = leases.peek(ref)?.record;
    expect(record?.holderIdentity).toBe("b");
    expect(record?.leaseTransitions).toBe(5);
    expect(record?.acquireTime?.getTime()).toBe(clock);
  });

  it("takes a released lease at once", async () => {
    const leases = createMemoryLeases();
    leases.put(ref, {
      holderIdentity: "",
      leaseDurationSeconds: 1,
      acquireTime: undefined,
      renewTime: undefined,
      leaseTransitions: 2,
    });
    const candidate = startCandidate(leases, "b", () => 0);
    await waitFor(() => candidate.leading, { timeoutMs: 2_000 });
    expect(leases.peek(ref)?.record.leaseTransitions).toBe(3);
  });

  it("on a conflict re-reads and stands by for the candidate that won", async () => {
    const leases = createMemoryLeases();
    const update = leases.update.bind(leases);
    let conflicts = 0;
    leases.update = async (target, record, resourceVersion) => {
      if (conflicts === 0) {
        conflicts += 1;
        leases.put(target, { ...record, holderIdentity: "winner", leaseTransitions: 0 });
        throw new LeaseConflictError("conflict");
      }
      return update(target, record, resourceVersion);
    };
    leases.put(ref, {
      holderIdentity: "",
      leaseDurationSeconds: 1,
      acquireTime: undefined,
      renewTime: undefined,
      leaseTransitions: 0,
    });
    const candidate = startCandidate(leases, "loser", () => 0);
    const readsAfterConflict = await waitFor(() => conflicts === 1 && leases.reads + 3);
    await waitFor(() => leases.reads >= readsAfterConflict, { timeoutMs: 2_000 });
    expect(candidate.leading).toBe(false);
    expect(leases.peek(ref)?.record.holderIdentity).toBe("winner");
  });

  it("gives up leadership when renewing fails for the renew deadline", async () => {
    const leases = createMemoryLeases();
    const candidate = startCandidate(leases, "a");
    await waitFor(() => candidate.leading, { timeoutMs: 2_000 });
    const lostAt = Date.now();
    leases.failing = true;
    await waitFor(() => candidate.stopped === 1, { timeoutMs: 2_000 });
    expect(candidate.leaderSignal?.aborted).toBe(true);
    expect(Date.now() - lostAt).toBeGreaterThanOrEqual(timing.renewDeadlineMs - timing.retryPeriodMs);
    expect(Date.now() - lostAt).toBeLessThan(timing.leaseDurationMs);
  });

  it("releases the lease on a clean stop", async () => {
    const leases = createMemoryLeases();
    const candidate = startCandidate(leases, "a");
    await waitFor(() => candidate.leading, { timeoutMs: 2_000 });
    await candidate.stop();
    expect(candidate.leading).toBe(false);
    expect(candidate.stopped).toBe(1);
    expect(leases.peek(ref)?.record.holderIdentity).toBe("");
  });

  it("rejects bad options with a typed error", () => {
    const leases = createMemoryLeases();
    const base = { lease: ref, identity: "a", leases, logger, onStartedLeading() {} };
    expect(() => createLeaderElector({ ...base, identity: "" })).toThrow(LeaderElectionConfigError);
    expect(() => createLeaderElector({ ...base, lease: { namespace: "", name: "x" } })).toThrow(
      LeaderElectionConfigError,
    );
    expect(() => createLeaderElector({ ...base, renewDeadlineMs: 20_000 })).toThrow(
      LeaderElectionConfigError,
    );
    expect(() => createLeaderElector({ ...base, retryPeriodMs: -1 })).toThrow(LeaderElectionConfigError);
    expect(() => createLeaderElector({ ...base, leases: {} as never })).toThrow(LeaderElectionConfigError);
  });
});
