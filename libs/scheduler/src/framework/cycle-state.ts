import { ApiError } from "@capstan/apimachinery";

/**
 * A typed key into a {@link CycleState}: one per plugin datum, so what PreFilter writes and Filter reads
 * share a type without casts at the call sites.
 */
export class StateKey<T> {
  declare private readonly phantom?: T;
  constructor(readonly name: string) {}
}

/**
 * Data one scheduling cycle shares between a plugin's extension points (Kubernetes' CycleState): PreFilter
 * and PreScore compute per-pod facts once, Filter and Score read them per node. A new one per cycle.
 */
export class CycleState {
  private readonly values = new Map<StateKey<unknown>, unknown>();

  write<T>(key: StateKey<T>, value: T): void {
    this.values.set(key, value);
  }

  read<T>(key: StateKey<T>): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  /** The value PreFilter or PreScore wrote; a typed error when that extension point did not run. */
  require<T>(key: StateKey<T>): T {
    if (!this.values.has(key)) {
      throw ApiError.internal(
        `cycle state ${key.name} is missing: its PreFilter/PreScore did not run this cycle`,
      );
    }
    return this.values.get(key) as T;
  }
}
