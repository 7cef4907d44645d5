import type { ResourceType } from "@capstan/api";
import type { Logger, Registry as MetricsRegistry } from "@capstan/runtime";
import type { Store } from "@capstan/store";
import type { MutatingAdmissionPlugin, ValidatingAdmissionPlugin } from "../admission/admission.js";
import type { DefaultTolerationSeconds } from "../admission/default-toleration-seconds.js";
import type { ServiceAllocationOptions } from "../allocation/index.js";
import type { ServingSecurity } from "../auth/secure-listener.js";
import type { ResourceStrategy } from "../registry/strategy.js";

/** What createApiServer takes; only the store and the logger are required. */
export interface ApiServerOptions {
  readonly store: Store;
  readonly logger: Logger;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 6443; 0 picks a free port (read it from `address()`). */
  readonly port?: number;
  /**
   * Kind strategies; default the built-in ones (src/kinds). Kinds without one get NAME/AGE columns and
   * metadata validation only.
   */
  readonly strategies?: readonly ResourceStrategy[];
  /** Resources served; default every resource of @capstan/api. */
  readonly resources?: readonly ResourceType[];
  /** Admission plugins run after the built-in ones (defaulting; namespace lifecycle, validation). */
  readonly admission?: {
    readonly mutating?: readonly MutatingAdmissionPlugin[];
    readonly validating?: readonly ValidatingAdmissionPlugin[];
  };
  /**
   * tolerationSeconds of the not-ready/unreachable NoExecute tolerations pods get at creation (Kubernetes'
   * DefaultTolerationSeconds admission). Default 300 s each; a few seconds for fast failover.
   */
  readonly defaultTolerationSeconds?: DefaultTolerationSeconds;
  /** Prometheus registry for /metrics; default a new one for component "apiserver". */
  readonly metrics?: MetricsRegistry;
  /** Events kept per resource for resuming watches. Default 1000. */
  readonly watchCacheCapacity?: number;
  /** How often watches with allowWatchBookmarks get a BOOKMARK. Default 30 s. */
  readonly bookmarkIntervalMs?: number;
  /** Period of store compaction (what etcd needs; SQLite also compacts itself); 0 disables. Default 5 min. */
  readonly compactionIntervalMs?: number;
  /**
   * Period of the built-in namespace cleanup (deleting the content of Terminating namespaces, then
   * finalizing them); 0 disables it, for when a controller-manager runs the namespace controller.
   * Default 1 s.
   */
  readonly namespaceCleanupIntervalMs?: number;
  /** Wait this long for open requests when stopping, then close their connections. Default 5 s. */
  readonly shutdownGraceMs?: number;
  /** Service cluster IP and node port ranges; Kubernetes' defaults when absent. */
  readonly services?: ServiceAllocationOptions;
  /** HTTPS and bearer-token authentication of the REST API; default plain HTTP, open (loopback use). */
  readonly security?: ServingSecurity;
  /** Also serve the API in plain HTTP without authentication on this port (same host); default off. */
  readonly insecurePort?: number;
  /** The clock; tests may pin it. */
  readonly now?: () => Date;
}
