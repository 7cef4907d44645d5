import { JobService, PodService } from "@capstan/api";
import { keyOf } from "@capstan/client";
import type { ControllerContext } from "../context.js";
import type { Controller, ControllerDescriptor, ControllerFactory } from "../controller.js";
import { createControllerQueue, createReconcileController } from "../controller-runner.js";
import { Expectations } from "../shared/expectations.js";
import { ownedPodHandler } from "../shared/owned-pod-handler.js";
import { DEFAULT_POD_FAILURE_BACKOFF, type PodFailureBackoff } from "./job-plan.js";
import { syncJob } from "./job-sync.js";

/** The registry name of the Job controller. */
export const JOB_CONTROLLER = "job";

/** Runs each Job's pods to completion (see job-plan.ts); `backoff` is the pod failure back-off. */
export function createJobController(
  context: ControllerContext,
  backoff: PodFailureBackoff = DEFAULT_POD_FAILURE_BACKOFF,
): Controller {
  if (!(backoff.initialMs >= 0) || !(backoff.maxMs >= backoff.initialMs)) {
    throw new RangeError(`job controller: bad pod failure back-off ${JSON.stringify(backoff)}`);
  }
  const queue = createControllerQueue(context);
  const jobs = context.informers.forResource(JobService);
  const pods = context.informers.forResource(PodService);
  const expectations = new Expectations(context.clock);
  jobs.addHandler((change) => {
    const key = keyOf(change.object);
    if (change.type === "deleted") expectations.delete(key);
    queue.add(key);
  });
  pods.addHandler(ownedPodHandler({ kind: "Job", owners: jobs.lister }, expectations, queue));
  return createReconcileController({
    name: JOB_CONTROLLER,
    context,
    queue,
    informers: [jobs, pods],
    reconcile: (key) =>
      syncJob(key, {
        jobs: jobs.lister,
        pods: pods.lister,
        jobClient: context.client(JobService),
        podClient: context.client(PodService),
        expectations,
        events: context.eventRecorder("job-controller"),
        clock: context.clock,
        backoff,
      }),
  });
}

/** A Job controller factory with another pod failure back-off (tests use a short one). */
export function jobControllerFactory(backoff: PodFailureBackoff): ControllerFactory {
  return (context) => createJobController(context, backoff);
}

/** The Job controller as the registry knows it (Kubernetes' 10 s → 6 min back-off). */
export const jobControllerDescriptor: ControllerDescriptor = {
  name: JOB_CONTROLLER,
  create: (context) => createJobController(context),
};
