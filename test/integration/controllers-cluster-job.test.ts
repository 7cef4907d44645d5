import { timestampNow } from "@bufbuild/protobuf/wkt";
import { type Job, JobService, type Pod, PodService } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { createGarbageCollector, jobControllerFactory } from "@capstan/controllers";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ControllerCluster, startControllerCluster } from "./controllers-cluster-fixture.js";

let cluster: ControllerCluster;

beforeAll(async () => {
  // A short pod failure back-off so that a failing job reaches its limit quickly.
  cluster = await startControllerCluster([
    jobControllerFactory({ initialMs: 50, maxMs: 200 }),
    createGarbageCollector,
  ]);
}, 30_000);

afterAll(async () => {
  await cluster?.stop();
});

const jobs = () => cluster.context.client(JobService);
const pods = () => cluster.context.client(PodService);

async function createJob(name: string, spec: Record<string, unknown>): Promise<Job> {
  return jobs().create({
    metadata: { namespace: "default", name },
    spec: {
      template: { spec: { restartPolicy: "Never", containers: [{ name: "work", image: "busybox" }] } },
      ...spec,
    },
  });
}

async function podsOf(name: string): Promise<Pod[]> {
  return (await pods().list({ namespace: "default", labelSelector: `job-name=${name}` })).items;
}

const isActive = (pod: Pod) =>
  !pod.metadata?.deletionTimestamp && pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed";

/** Ends a pod as its kubelet would: phase and a terminated container with its exit code. */
async function finish(pod: Pod, phase: "Succeeded" | "Failed"): Promise<void> {
  const current = await pods().get({ namespace: "default", name: pod.metadata?.name ?? "" });
  if (!current.status) throw new Error("pod without status");
  current.status.phase = phase;
  current.status.containerStatuses = [
    {
      $typeName: "capstan.core.v1.ContainerStatus",
      name: "work",
      image: "busybox",
      imageId: "",
      containerId: "",
      allocatedResources: {},
      restartCount: 0,
      ready: false,
      state: {
        $typeName: "capstan.core.v1.ContainerState",
        terminated: {
          $typeName: "capstan.core.v1.ContainerStateTerminated",
          exitCode: phase === "Succeeded" ? 0 : 1,
          signal: 0,
          reason: phase === "Succeeded" ? "Completed" : "Error",
          message: "",
          containerId: "",
          finishedAt: timestampNow(),
        },
      },
    },
  ];
  await pods().updateStatus(current);
}

async function condition(name: string, type: string) {
  const job = await jobs().get({ namespace: "default", name });
  const found = job.status?.conditions.find((c) => c.type === type && c.status === "True");
  return found ? { job, condition: found } : undefined;
}

describe("job controller", () => {
  it("runs 5 completions at most 2 at a time, labels its pods, and completes", async () => {
    const created = await createJob("five", { completions: 5, parallelism: 2 });
    let maxActive = 0;
    let succeeded = 0;
    for (let round = 0; round < 10 && succeeded < 5; round++) {
      const active = await waitFor(
        async () => {
          const running = (await podsOf("five")).filter(isActive);
          return running.length >= Math.min(2, 5 - succeeded) ? running : undefined;
        },
        { description: `active pods in round ${round}` },
      );
      maxActive = Math.max(maxActive, active.length);
      for (const pod of active) await finish(pod, "Succeeded");
      succeeded += active.length;
    }
    const { job, condition: complete } = await waitFor(() => condition("five", "Complete"), {
      description: "job complete",
    });
    expect(maxActive).toBe(2);
    expect(complete.reason).toBe("Completed");
    expect(job.status).toMatchObject({ succeeded: 5, failed: 0, active: 0 });
    expect(job.status?.completionTime).toBeDefined();
    expect(job.status?.startTime).toBeDefined();
    const [first] = await podsOf("five");
    const uid = created.metadata?.uid;
    expect(first?.metadata?.labels).toMatchObject({
      "batch.kubernetes.io/controller-uid": uid,
      "controller-uid": uid,
      "batch.kubernetes.io/job-name": "five",
      "job-name": "five",
    });
    expect(first?.metadata?.ownerReferences[0]).toMatchObject({
      kind: "Job",
      name: "five",
      uid,
      controller: true,
    });
  });

  it("fails a job whose pods keep failing past backoffLimit", async () => {
    await createJob("flaky", { completions: 1, backoffLimit: 2 });
    for (let failures = 0; failures < 3; failures++) {
      const [pod] = await waitFor(
        async () => {
          const active = (await podsOf("flaky")).filter(isActive);
          return active.length === 1 ? active : undefined;
        },
        { description: `replacement pod after ${failures} failures` },
      );
      if (pod) await finish(pod, "Failed");
    }
    const { job, condition: failed } = await waitFor(() => condition("flaky", "Failed"), {
      description: "job failed",
    });
    expect(failed.reason).toBe("BackoffLimitExceeded");
    expect(job.status).toMatchObject({ failed: 3, succeeded: 0, active: 0 });
    expect((await podsOf("flaky")).filter(isActive)).toEqual([]);
  });

  it("fails a job past activeDeadlineSeconds and deletes its running pods", async () => {
    await createJob("slow", { completions: 1, activeDeadlineSeconds: 1n });
    const { condition: failed } = await waitFor(() => condition("slow", "Failed"), {
      description: "deadline exceeded",
    });
    expect(failed.reason).toBe("DeadlineExceeded");
    await waitFor(async () => (await podsOf("slow")).length === 0, { description: "pods deleted" });
  });

  it("deletes a finished job and its pods after ttlSecondsAfterFinished", async () => {
    await createJob("brief", { completions: 1, ttlSecondsAfterFinished: 0 });
    const [pod] = await waitFor(async () => {
      const active = (await podsOf("brief")).filter(isActive);
      return active.length === 1 ? active : undefined;
    });
    if (pod) await finish(pod, "Succeeded");
    await waitFor(
      async () => {
        try {
          await jobs().get({ namespace: "default", name: "brief" });
          return false;
        } catch (error) {
          if (ApiError.is(error, "NotFound")) return (await podsOf("brief")).length === 0;
          throw error;
        }
      },
      { description: "job and pods deleted" },
    );
  });
});
