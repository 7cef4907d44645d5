import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { ProbeSchema } from "@capstan/api";
import { createFakeClock } from "@capstan/client";
import { describe, expect, it } from "vitest";
import type { ProbeResult } from "./probe-runners.js";
import { type ProbeKind, startProbeWorker } from "./probe-worker.js";

type ProbeInit = MessageInitShape<typeof ProbeSchema>;

/** Lets the worker's awaited probe attempt settle after the clock fired it. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A worker whose attempts answer from `script` (true = success), on a fake clock. */
function scripted(kind: ProbeKind, fields: ProbeInit, script: boolean[]) {
  const clock = createFakeClock(0);
  const controller = new AbortController();
  const changes: { attempt: number; healthy: boolean; message: string }[] = [];
  const attempts: number[] = [];
  const worker = startProbeWorker({
    probe: create(ProbeSchema, fields),
    kind,
    target: { podIP: "127.0.0.1", exec: async () => ({ exitCode: 0, output: "" }) },
    signal: controller.signal,
    clock,
    onChange: (healthy, result) =>
      changes.push({ attempt: attempts.length, healthy, message: result.message }),
    run: async (): Promise<ProbeResult> => {
      attempts.push(clock.now());
      const success = script[attempts.length - 1] ?? true;
      return { success, message: success ? "" : `failed #${attempts.length}` };
    },
  });
  const advance = async (ms: number, step = 1_000) => {
    for (let passed = 0; passed < ms; passed += step) {
      clock.advance(step);
      await settle();
    }
  };
  return { changes, attempts, advance, controller, worker };
}

describe("probe worker", () => {
  it("waits initialDelaySeconds, then probes every periodSeconds", async () => {
    const w = scripted("readiness", { initialDelaySeconds: 5, periodSeconds: 2 }, []);
    await w.advance(10_000);
    expect(w.attempts).toEqual([5_000, 7_000, 9_000]);
    expect(w.changes).toEqual([{ attempt: 1, healthy: true, message: "" }]);
  });

  it("flips readiness only after failureThreshold failures and successThreshold successes", async () => {
    const w = scripted("readiness", { periodSeconds: 1, failureThreshold: 3, successThreshold: 2 }, [
      true,
      true,
      false,
      false,
      true,
      false,
      false,
      false,
      true,
      true,
    ]);
    await w.advance(10_000);
    expect(w.changes.map((change) => [change.attempt, change.healthy])).toEqual([
      [2, true],
      [8, false],
      [10, true],
    ]);
  });

  it("reports a liveness failure once, after failureThreshold failures, and stops", async () => {
    const w = scripted("liveness", { periodSeconds: 10, failureThreshold: 2 }, [true, false, false, false]);
    await w.advance(60_000, 5_000);
    expect(w.changes).toEqual([{ attempt: 3, healthy: false, message: "failed #3" }]);
    expect(w.attempts).toEqual([0, 10_000, 20_000]);
    await w.worker.done;
  });

  it("stops a startup worker at its first success", async () => {
    const w = scripted("startup", { periodSeconds: 1, failureThreshold: 30 }, [false, false, true]);
    await w.advance(10_000);
    expect(w.changes).toEqual([{ attempt: 3, healthy: true, message: "" }]);
    expect(w.attempts).toHaveLength(3);
    await w.worker.done;
  });

  it("uses the defaults for unset or negative settings (10 s period)", async () => {
    const w = scripted("readiness", { periodSeconds: -5, initialDelaySeconds: -1 }, []);
    await w.advance(25_000);
    expect(w.attempts).toEqual([0, 10_000, 20_000]);
  });

  it("stops probing when aborted", async () => {
    const w = scripted("readiness", { periodSeconds: 1 }, []);
    await w.advance(2_000);
    w.controller.abort();
    await w.worker.done;
    const before = w.attempts.length;
    await w.advance(5_000);
    expect(w.attempts).toHaveLength(before);
  });
});
