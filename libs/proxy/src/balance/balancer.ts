import { type Backend, backendKey } from "../model/service-ports.js";

interface Affinity {
  readonly key: string;
  expiresAt: number;
}

/** How many picks pass between sweeps of expired affinity entries. */
const SWEEP_EVERY = 1024;

/**
 * Chooses a backend for each new connection of one service port: round robin over the ready backends, or,
 * with ClientIP affinity, the backend the client used last while its timeout (counted from the last use)
 * has not run out. Backends that are no longer ready are never chosen again; connections already open to
 * them are not this class's business (they finish on their own).
 */
export class Balancer {
  #backends: readonly Backend[] = [];
  #keys = new Set<string>();
  #next = 0;
  #picks = 0;
  readonly #affinity = new Map<string, Affinity>();

  constructor(
    /** ClientIP affinity timeout; 0 turns affinity off. */
    private affinityTimeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isFinite(affinityTimeoutMs) || affinityTimeoutMs < 0)
      throw new RangeError(`affinity timeout must be a non-negative number of ms, got ${affinityTimeoutMs}`);
  }

  get backends(): readonly Backend[] {
    return this.#backends;
  }

  /** Replaces the ready backends (and the affinity timeout, which a service update may change). */
  update(backends: readonly Backend[], affinityTimeoutMs: number = this.affinityTimeoutMs): void {
    this.#backends = [...backends];
    this.#keys = new Set(backends.map(backendKey));
    if (affinityTimeoutMs !== this.affinityTimeoutMs) this.#affinity.clear();
    this.affinityTimeoutMs = affinityTimeoutMs;
    for (const [client, entry] of this.#affinity)
      if (!this.#keys.has(entry.key)) this.#affinity.delete(client);
  }

  /** The backend for a new connection from `clientIp`, skipping `exclude` (backends that just failed). */
  pick(clientIp: string, exclude: ReadonlySet<string> = new Set()): Backend | undefined {
    const now = this.now();
    if (this.affinityTimeoutMs > 0 && ++this.#picks % SWEEP_EVERY === 0) this.#sweep(now);
    const sticky = this.affinityTimeoutMs > 0 ? this.#affinity.get(clientIp) : undefined;
    if (sticky && sticky.expiresAt > now && !exclude.has(sticky.key)) {
      const backend = this.#backends.find((candidate) => backendKey(candidate) === sticky.key);
      if (backend) {
        sticky.expiresAt = now + this.affinityTimeoutMs;
        return backend;
      }
    }
    const backend = this.#roundRobin(exclude);
    if (backend && this.affinityTimeoutMs > 0)
      this.#affinity.set(clientIp, { key: backendKey(backend), expiresAt: now + this.affinityTimeoutMs });
    return backend;
  }

  #roundRobin(exclude: ReadonlySet<string>): Backend | undefined {
    const count = this.#backends.length;
    for (let step = 0; step < count; step++) {
      const backend = this.#backends[(this.#next + step) % count];
      if (backend && !exclude.has(backendKey(backend))) {
        this.#next = (this.#next + step + 1) % count;
        return backend;
      }
    }
    return undefined;
  }

  #sweep(now: number): void {
    for (const [client, entry] of this.#affinity) if (entry.expiresAt <= now) this.#affinity.delete(client);
  }
}
