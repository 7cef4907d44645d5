import { collectDefaultMetrics, Registry } from "prom-client";
import { ConfigError } from "../config/config-error.js";

export { Counter, Gauge, Histogram, Registry, Summary } from "prom-client";

export interface MetricsRegistryOptions {
  /** Added as the `component` label of every metric of this registry. */
  readonly component: string;
  /**
   * Register Node's process metrics (CPU, memory, event-loop lag, GC, handles). Default true. The
   * all-in-one `capstan` keeps them on one registry only, so each process reports them once.
   */
  readonly processMetrics?: boolean;
}

/** A Prometheus registry for one component; served on `/metrics` by the observability handler. */
export function createMetricsRegistry(options: MetricsRegistryOptions): Registry {
  if (typeof options?.component !== "string" || options.component.trim() === "") {
    throw new ConfigError("component", "createMetricsRegistry: component must be a non-empty string");
  }
  const registry = new Registry();
  registry.setDefaultLabels({ component: options.component });
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}
