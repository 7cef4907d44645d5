import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type Job, JobSchema, type Pod, PodSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { planJob } from "./job-plan.js";

const backoff = { initialMs: 10_000, maxMs: 360_000 };

function job(spec: {
  completions?: number;
  parallelism?: number;
  backoffLimit?: number;
  deadline?: number;
  onFailure?: boolean;
}): Job {
  return create(JobSchema, {
    spec: {
      completions: spec.completions,
      parallelism: spec.parallelism ?? 1,
      backoffLimit: spec.backoffLimit ?? 6,
      activeDeadlineSeconds: spec.deadline === undefined ? undefined : BigInt(spec.deadline),
      template: { spec: { restartPolicy: spec.onFailure ? "OnFailure" : "Never" } },
    },
    status: { startTime: timestampFromMs(0) },
  });
}

function pod(phase: string, finishedMs = 0, restarts = 0): Pod {
  return create(PodSchema, {
    metadata: { name: `p-${phase}-${finishedMs}`, creationTimestamp: timestampFromMs(finishedMs) },
    status: {
      phase,
      containerStatuses: [
        {
          name: "c",
          restartCount: restarts,
          state:
            phase === "Failed" || phase === "Succeeded"
              ? { terminated: { finishedAt: timestampFromMs(finishedMs) } }
              : {},
        },
      ],
    },
  });
}

describe("planJob", () => {
  it("keeps min(parallelism, remaining completions) pods active", () => {
    expect(planJob(job({ completions: 5, parallelism: 2 }), [], 1_000, backoff)).toMatchObject({
      create: 2,
      active: 0,
    });
    const fourDone = [pod("Succeeded"), pod("Succeeded"), pod("Succeeded"), pod("Succeeded")];
    expect(planJob(job({ completions: 5, parallelism: 2 }), fourDone, 1_000, backoff)).toMatchObject({
      create: 1,
      succeeded: 4,
    });
  });

  it("completes once enough pods succeeded, and a work queue job once one did and none runs", () => {
    const plan = planJob(job({ completions: 2 }), [pod("Succeeded"), pod("Succeeded")], 1_000, backoff);
    expect(plan.finish).toEqual({ type: "Complete", reason: "Completed", message: "Job completed" });
    expect(planJob(job({ parallelism: 2 }), [pod("Succeeded")], 1_000, backoff).finish?.type).toBe(
      "Complete",
    );
    expect(
      planJob(job({ parallelism: 2 }), [pod("Succeeded"), pod("Running")], 1_000, backoff).finish,
    ).toBeUndefined();
  });

  it("fails past backoffLimit, counting restarts under OnFailure, and past the active deadline", () => {
    const failures = [pod("Failed", 1), pod("Failed", 2), pod("Failed", 3)];
    expect(planJob(job({ completions: 1, backoffLimit: 2 }), failures, 5_000, backoff).finish?.reason).toBe(
      "BackoffLimitExceeded",
    );
    expect(
      planJob(job({ completions: 1, backoffLimit: 2 }), failures.slice(0, 2), 5_000, backoff).finish,
    ).toBeUndefined();
    const restarting = [pod("Running", 0, 3)];
    const onFailure = planJob(
      job({ completions: 1, backoffLimit: 2, onFailure: true }),
      restarting,
      5_000,
      backoff,
    );
    expect(onFailure.finish?.reason).toBe("BackoffLimitExceeded");
    expect(onFailure.delete).toHaveLength(1);
    const late = planJob(job({ completions: 1, deadline: 10 }), [pod("Running")], 10_000, backoff);
    expect(late.finish?.reason).toBe("DeadlineExceeded");
    expect(
      planJob(job({ completions: 1, deadline: 10 }), [pod("Running")], 4_000, backoff).requeueAfterMs,
    ).toBe(6_000);
  });

  it("waits out the pod failure back-off, doubling per failure", () => {
    const oneFailure = planJob(job({ completions: 1 }), [pod("Failed", 1_000)], 5_000, backoff);
    expect(oneFailure).toMatchObject({ create: 0, requeueAfterMs: 6_000 });
    const twoFailures = planJob(
      job({ completions: 1 }),
      [pod("Failed", 500), pod("Failed", 1_000)],
      15_000,
      backoff,
    );
    expect(twoFailures).toMatchObject({ create: 0, requeueAfterMs: 6_000 });
    expect(planJob(job({ completions: 1 }), [pod("Failed", 1_000)], 11_000, backoff).create).toBe(1);
  });
});
