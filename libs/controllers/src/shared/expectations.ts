import type { Clock } from "@capstan/client";

/** How long expectations hold before a sync goes ahead anyway (a watch event may be lost). */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  creations: number;
  deletions: Set<string>;
  setAt: number;
}

/**
 * Kubernetes' (UID-tracking) ControllerExpectations: after a controller creates or deletes children it
 * waits until its informer has seen them before acting again, so a stale cache does not make it create the
 * same pods twice. Keyed by the controller object's key; deletions are tracked by child key.
 */
export class Expectations {
  private readonly byKey = new Map<string, Expectation>();

  constructor(private readonly clock: Clock) {}

  /** True when nothing is pending for `key` (or the record is older than the timeout). */
  satisfied(key: string): boolean {
    const expectation = this.byKey.get(key);
    if (!expectation) return true;
    if (expectation.creations <= 0 && expectation.deletions.size === 0) return true;
    return this.clock.now() - expectation.setAt > EXPECTATIONS_TIMEOUT_MS;
  }

  /** Records that `count` creations and the deletion of `childKeys` are under way (replaces the record). */
  expect(key: string, count: number, childKeys: readonly string[] = []): void {
    this.byKey.set(key, { creations: count, deletions: new Set(childKeys), setAt: this.clock.now() });
  }

  /** One creation was seen (or will never happen). */
  creationObserved(key: string, times = 1): void {
    const expectation = this.byKey.get(key);
    if (expectation) expectation.creations -= times;
  }

  /** The child's deletion was seen (or will never happen). */
  deletionObserved(key: string, childKey: string): void {
    this.byKey.get(key)?.deletions.delete(childKey);
  }

  /** Forgets the controller object (it was deleted). */
  delete(key: string): void {
    this.byKey.delete(key);
  }
}
