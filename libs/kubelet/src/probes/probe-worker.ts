import type { Probe } from "@capstan/api";
import { type Clock, systemClock, type Timer } from "@capstan/client";
import {
  PROBE_DEFAULTS,
  type ProbeResult,
  type ProbeTarget,
  probeSetting,
  runProbe,
} from "./probe-runners.js";

export type ProbeKind = "liveness" | "readiness" | "startup";

export interface ProbeWorkerOptions {
  readonly probe: Probe;
  readonly kind: ProbeKind;
  readonly target: ProbeTarget;
  /** Stops the worker (container stopped or restarted, pod deleted). */
  readonly signal: AbortSignal;
  /**
   * Called when the thresholded state changes. Readiness and startup start undecided and report their first
   * decision too (ready or not); liveness starts healthy and reports only when that changes.
   */
  onChange(healthy: boolean, result: ProbeResult): void;
  /** When the container started (clock ms), for initialDelaySeconds. Default: now. */
  readonly startedAt?: number;
  readonly clock?: Clock;
  /** One probe attempt. Default {@link runProbe}; tests pass a scripted one. */
  readonly run?: (probe: Probe, target: ProbeTarget) => Promise<ProbeResult>;
}

/** A probe worker that is running; `done` settles once it stopped (aborted, or finished as described). */
export interface ProbeWorker {
  readonly done: Promise<void>;
}

/**
 * Probes a container periodically as the kubelet's prober worker does: the first attempt at initialDelaySeconds
 * after the container started, then every periodSeconds (a slow attempt delays the next, attempts never overlap);
 * a state changes after successThreshold consecutive successes or failureThreshold consecutive failures
 * (liveness and startup use a success threshold of 1). A liveness or startup failure is reported once and the
 * worker stops: the container gets restarted and a new worker probes the new one. A startup success also stops
 * the worker (startup probes run only until the container has started).
 */
export function startProbeWorker(options: ProbeWorkerOptions): ProbeWorker {
  const { probe, kind, signal } = options;
  const clock = options.clock ?? systemClock;
  const run = options.run ?? runProbe;
  const periodMs = probeSetting(probe.periodSeconds, PROBE_DEFAULTS.periodSeconds) * 1000;
  const failureThreshold = probeSetting(probe.failureThreshold, PROBE_DEFAULTS.failureThreshold);
  const successThreshold =
    kind === "readiness" ? probeSetting(probe.successThreshold, PROBE_DEFAULTS.successThreshold) : 1;
  const firstAt = (options.startedAt ?? clock.now()) + Math.max(0, probe.initialDelaySeconds) * 1000;

  let healthy: boolean | undefined = kind === "liveness" ? true : undefined;
  let last: boolean | undefined;
  let streak = 0;
  let timer: Timer | undefined;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const stop = () => {
    timer?.cancel();
    signal.removeEventListener("abort", stop);
    finish();
  };

  const attempt = async () => {
    const startedAt = clock.now();
    let result: ProbeResult;
    try {
      result = await run(probe, options.target);
    } catch (error) {
      result = { success: false, message: error instanceof Error ? error.message : String(error) };
    }
    if (signal.aborted) return stop();
    streak = last === result.success ? streak + 1 : 1;
    last = result.success;
    const decided = result.success ? streak >= successThreshold : streak >= failureThreshold;
    if (decided && healthy !== result.success) {
      healthy = result.success;
      options.onChange(result.success, result);
      if (kind !== "readiness" && (kind === "startup" || !result.success)) return stop();
    }
    timer = clock.setTimer(() => void attempt(), Math.max(0, startedAt + periodMs - clock.now()));
  };

  if (signal.aborted) stop();
  else {
    signal.addEventListener("abort", stop, { once: true });
    timer = clock.setTimer(() => void attempt(), Math.max(0, firstAt - clock.now()));
  }
  return { done };
}
