import { pickFree } from "./pick.js";
import type { ReservationOwner, Reservations, ReserveOutcome } from "./reservations.js";

/** A range of allocatable values seen as offsets. */
export interface OffsetRange {
  readonly size: number;
  at(offset: number): string;
  offsetOf(value: string): number | undefined;
}

/** Tries before a dynamic allocation gives up because other writers keep taking the chosen value. */
const ALLOCATE_ATTEMPTS = 8;

/**
 * Allocates values of one range (service IPs or node ports) through store reservations: a requested value is
 * reserved if free; a dynamic one is picked among the values not reserved at the time of reading, and picked
 * again if another apiserver reserved it first.
 */
export class RangeAllocator {
  constructor(
    readonly range: OffsetRange,
    readonly reservations: Reservations,
    /** Offsets below this are chosen dynamically only once the rest is full. */
    readonly staticBand: number,
    /** The range as error messages quote it (`10.96.0.0/12`, `30000-32767`). */
    readonly describe: string,
  ) {}

  /** Whether a value lies in the range. */
  contains(value: string): boolean {
    return this.range.offsetOf(value) !== undefined;
  }

  /** Reserves a requested value (which must be in the range). */
  reserve(value: string, owner: ReservationOwner): Promise<ReserveOutcome> {
    return this.reservations.reserve(value, owner);
  }

  /** Reserves a free value, skipping `avoid`; undefined when the range is full. */
  async allocate(
    owner: ReservationOwner,
    avoid: ReadonlySet<string> = new Set(),
  ): Promise<string | undefined> {
    for (let attempt = 0; attempt < ALLOCATE_ATTEMPTS; attempt++) {
      const taken = new Set<number>();
      for (const value of [...(await this.reservations.values()), ...avoid]) {
        const offset = this.range.offsetOf(value);
        if (offset !== undefined) taken.add(offset);
      }
      const offset = pickFree(this.range.size, this.staticBand, taken);
      if (offset === undefined) return undefined;
      const value = this.range.at(offset);
      if ((await this.reservations.reserve(value, owner)) === "reserved") return value;
    }
    return undefined;
  }

  release(value: string, owner: ReservationOwner): Promise<void> {
    return this.reservations.release(value, owner);
  }
}
