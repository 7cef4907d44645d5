import { Counter, Gauge, Histogram, type Registry } from "@capstan/runtime";

/** Labels of one served request. */
export interface RequestLabels {
  readonly verb: string;
  /** `pods`, `deployments.apps`, or "" for non-resource paths (discovery, /version). */
  readonly resource: string;
  readonly code: number;
}

/** Prometheus metrics of the REST API, named as Kubernetes names them. */
export interface RequestMetrics {
  /** Counts a finished request; `seconds` is left out for long-running ones (watches). */
  observe(labels: RequestLabels, seconds: number | undefined): void;
  /** Tracks open watches: +1 when one starts, -1 when it ends. */
  longRunning(verb: string, resource: string, delta: 1 | -1): void;
}

/** Registers the request metrics on a registry (once per registry). */
export function createRequestMetrics(registry: Registry): RequestMetrics {
  const total = new Counter({
    name: "apiserver_request_total",
    help: "Requests served, by verb, resource and HTTP code.",
    labelNames: ["verb", "resource", "code"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "apiserver_request_duration_seconds",
    help: "Time to serve a request (watches excluded), by verb and resource.",
    labelNames: ["verb", "resource"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const open = new Gauge({
    name: "apiserver_longrunning_requests",
    help: "Long-running requests (watches) now open, by verb and resource.",
    labelNames: ["verb", "resource"],
    registers: [registry],
  });
  return {
    observe(labels, seconds) {
      total.inc({ verb: labels.verb, resource: labels.resource, code: String(labels.code) });
      if (seconds !== undefined) duration.observe({ verb: labels.verb, resource: labels.resource }, seconds);
    },
    longRunning(verb, resource, delta) {
      open.inc({ verb, resource }, delta);
    },
  };
}
