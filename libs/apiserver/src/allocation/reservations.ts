import { type Store, StoreError } from "@capstan/store";

/** Who holds a reservation: the service, by namespace, name and uid (a recreated service is another owner). */
export interface ReservationOwner {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
}

/** What reserving a value gave. */
export type ReserveOutcome =
  /** The key was created now: release it if the write that needed it fails. */
  | "reserved"
  /** The owner already held it (an update keeping its value, or a retried write). */
  | "held"
  /** Someone else holds it. */
  | "taken";

/** Create attempts when the key keeps vanishing between create and read. */
const RESERVE_ATTEMPTS = 3;
/** Keys read per list page. */
const LIST_PAGE = 1000;
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();

function ownerOf(value: Uint8Array): ReservationOwner | undefined {
  try {
    const parsed: unknown = JSON.parse(DECODER.decode(value));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { namespace, name, uid } = parsed as Record<string, unknown>;
    return typeof namespace === "string" && typeof name === "string" && typeof uid === "string"
      ? { namespace, name, uid }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A set of reserved values (IPs, ports) kept in the store, one key per value under `prefix`, each created
 * with create-if-absent: the store decides who wins, so any number of apiservers can allocate from one range
 * without sharing memory (Kubernetes' IPAddress objects work the same way).
 */
export class Reservations {
  constructor(
    readonly store: Store,
    /** e.g. `/capstan/allocations/serviceips/`. */
    readonly prefix: string,
  ) {}

  key(value: string): string {
    return `${this.prefix}${value}`;
  }

  /** Reserves one value for `owner` unless another owner holds it. */
  async reserve(value: string, owner: ReservationOwner): Promise<ReserveOutcome> {
    const key = this.key(value);
    // A key released between our create and our read is tried again rather than reported as taken.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.create(key, ENCODER.encode(JSON.stringify(owner)));
        return "reserved";
      } catch (error) {
        if (!(error instanceof StoreError) || error.code !== "exists") throw error;
      }
      const current = await this.store.get(key);
      if (current) return ownerOf(current.value)?.uid === owner.uid ? "held" : "taken";
      if (attempt >= RESERVE_ATTEMPTS) return "taken";
    }
  }

  /** Releases a value if `owner` still holds it (compare-and-swap, so a new holder is never evicted). */
  async release(value: string, owner: ReservationOwner): Promise<void> {
    const key = this.key(value);
    const current = await this.store.get(key);
    if (!current || ownerOf(current.value)?.uid !== owner.uid) return;
    try {
      await this.store.delete(key, current.modRevision);
    } catch (error) {
      if (!(error instanceof StoreError) || (error.code !== "conflict" && error.code !== "not-found"))
        throw error;
    }
  }

  /** Every value reserved now (the suffixes of the keys). */
  async values(): Promise<string[]> {
    const values: string[] = [];
    let startAfter: string | undefined;
    let revision = 0;
    for (;;) {
      const page = await this.store.list({
        prefix: this.prefix,
        limit: LIST_PAGE,
        revision,
        ...(startAfter ? { startAfter } : {}),
      });
      for (const item of page.items) values.push(item.key.slice(this.prefix.length));
      const last = page.items.at(-1);
      if (!page.more || !last) return values;
      startAfter = last.key;
      revision = page.revision;
    }
  }
}
