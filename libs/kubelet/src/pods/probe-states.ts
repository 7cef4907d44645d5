import type { Container, Probe } from "@capstan/api";

export type ProbeKind = "liveness" | "readiness" | "startup";

/** What a probe worker probes: the pod's IP for httpGet/tcpSocket, the container for exec. */
export interface ProbeTarget {
  readonly podIP: string;
  /** The container's ports, so a named probe port resolves. */
  readonly ports?: readonly { readonly name: string; readonly containerPort?: number | undefined }[];
  exec(command: string[], timeoutMs: number): Promise<{ exitCode: number; output: string }>;
}

/**
 * Starts a periodic probe worker (initial delay, period, timeout, thresholds) that calls `onChange` whenever
 * its thresholded verdict changes, until `signal` aborts. Supplied by the probes module.
 */
export type ProbeStarter = (options: {
  readonly probe: Probe;
  readonly kind: ProbeKind;
  readonly target: ProbeTarget;
  readonly signal: AbortSignal;
  /** When the container started (ms since the epoch), for initialDelaySeconds. */
  readonly startedAt: number;
  onChange(healthy: boolean, message: string): void;
}) => void;

interface ContainerProbes {
  readonly podUid: string;
  readonly abort: AbortController;
  started: boolean;
  ready: boolean;
  /** Set when liveness (or startup past its threshold) failed: the container must be restarted. */
  unhealthy?: string;
  livenessStarted: boolean;
}

/**
 * The probe verdicts of the node's running containers, keyed by container id: a new container id gets new
 * workers, so a restarted container starts unready as in Kubernetes. Startup gates liveness and readiness.
 */
export class ProbeStates {
  private readonly byId = new Map<string, ContainerProbes>();

  constructor(
    private readonly start: ProbeStarter,
    /** Called when a verdict changes: re-sync the pod. */
    private readonly onChange: (podUid: string) => void,
  ) {}

  /** Makes sure workers run for a running container (idempotent). */
  ensure(
    podUid: string,
    containerId: string,
    container: Container,
    target: ProbeTarget,
    startedAt: number,
  ): void {
    if (this.byId.has(containerId)) return;
    const state: ContainerProbes = {
      podUid,
      abort: new AbortController(),
      started: !container.startupProbe,
      ready: !container.readinessProbe,
      livenessStarted: false,
    };
    this.byId.set(containerId, state);
    const run = (probe: Probe, kind: ProbeKind, apply: (healthy: boolean, message: string) => void) =>
      this.start({
        probe,
        kind,
        target,
        signal: state.abort.signal,
        startedAt,
        onChange: (healthy, message) => {
          if (state.abort.signal.aborted) return;
          apply(healthy, message);
          this.onChange(podUid);
        },
      });
    const afterStartup = () => {
      if (state.livenessStarted) return;
      state.livenessStarted = true;
      if (container.livenessProbe) {
        run(container.livenessProbe, "liveness", (healthy, message) => {
          if (!healthy) state.unhealthy = `Liveness probe failed: ${message}`;
        });
      }
      if (container.readinessProbe)
        run(container.readinessProbe, "readiness", (healthy) => (state.ready = healthy));
    };
    if (container.startupProbe) {
      run(container.startupProbe, "startup", (healthy, message) => {
        if (healthy) {
          state.started = true;
          afterStartup();
        } else if (!state.started) {
          state.unhealthy = `Startup probe failed: ${message}`;
        }
      });
    } else {
      afterStartup();
    }
  }

  /** The verdicts for a container (a container without workers is started and ready unless it has probes). */
  of(containerId: string, container: Container): { started: boolean; ready: boolean; unhealthy?: string } {
    const state = this.byId.get(containerId);
    if (!state)
      return {
        started: !container.startupProbe,
        ready: !container.readinessProbe && !container.startupProbe,
      };
    return {
      started: state.started,
      ready: state.started && state.ready,
      ...(state.unhealthy ? { unhealthy: state.unhealthy } : {}),
    };
  }

  /** Stops the workers of the pod's containers that are not in `running` any more. */
  retain(podUid: string, running: ReadonlySet<string>): void {
    for (const [id, state] of this.byId) {
      if (state.podUid !== podUid || running.has(id)) continue;
      state.abort.abort();
      this.byId.delete(id);
    }
  }

  stopAll(): void {
    for (const state of this.byId.values()) state.abort.abort();
    this.byId.clear();
  }
}
