import { Etcd3, type IKeyValue, type IRangeResponse, type ITxnResponse } from "etcd3";
import { asBuffer } from "../bytes.js";
import {
  invalid,
  keyExists,
  keyNotFound,
  revisionCompacted,
  revisionConflict,
  storeClosed,
} from "../errors.js";
import type { StoreLogger } from "../logger.js";
import type {
  GetOptions,
  KeyValue,
  ListOptions,
  ListResult,
  Store,
  WatchEvent,
  WatchOptions,
} from "../store.js";
import { StoreError } from "../store-error.js";
import {
  checkKey,
  checkListOptions,
  checkLogger,
  checkRevision,
  checkValue,
  checkWatchOptions,
} from "../validate.js";
import { revisionOf, toKeyValue } from "./convert.js";
import { toStoreError } from "./etcd-errors.js";
import { watchEtcd } from "./etcd-watch.js";
import { keyAfter, prefixRangeEnd, prefixRangeStart } from "./key-bytes.js";

export interface EtcdStoreOptions {
  /** Client URLs of the members, e.g. ["http://127.0.0.1:2379"]. */
  endpoints: string[];
  /** Deadline of each request. Default 10 s. */
  requestTimeoutMs?: number;
  /** How long a watch keeps re-opening a broken stream before failing. Default 30 s. */
  watchRetryMs?: number;
  logger?: StoreLogger;
}

/** Kubernetes sets no limit on what etcd may send back (a watch replay can be large). */
const MAX_RECEIVE_BYTES = 2 ** 31 - 1;

/** Connects to an etcd cluster; fails with "unavailable" when no member answers. */
export async function createEtcdStore(options: EtcdStoreOptions): Promise<Store> {
  if (typeof options !== "object" || options === null) throw invalid("options must be an object");
  const { endpoints, requestTimeoutMs = 10_000, watchRetryMs = 30_000 } = options;
  if (!Array.isArray(endpoints) || endpoints.length === 0 || !endpoints.every(isEndpoint)) {
    throw invalid("endpoints must be a non-empty list of http(s)://host:port URLs");
  }
  checkRevision(requestTimeoutMs, "requestTimeoutMs", 1);
  checkRevision(watchRetryMs, "watchRetryMs", 1);
  const logger = checkLogger(options.logger);
  const client = new Etcd3({
    hosts: endpoints,
    grpcOptions: { "grpc.max_receive_message_length": MAX_RECEIVE_BYTES },
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + requestTimeoutMs }),
  });
  const store = new EtcdStore(client, logger, watchRetryMs);
  try {
    await store.currentRevision();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

class EtcdStore implements Store {
  readonly driver = "etcd";
  /** The oldest readable revision as far as this client knows: its own compactions and what etcd reported. */
  private compacted = 0;
  private readonly closing = new AbortController();

  constructor(
    private readonly client: Etcd3,
    private readonly logger: StoreLogger,
    private readonly watchRetryMs: number,
  ) {}

  async get(key: string, options: GetOptions = {}): Promise<KeyValue | undefined> {
    checkKey(key);
    const revision = options.revision ?? 0;
    checkRevision(revision, "get revision");
    const response = await this.read(revision, () =>
      this.client.kv.range({ key: Buffer.from(key), revision }),
    );
    const kv = response.kvs[0];
    return kv ? toKeyValue(kv) : undefined;
  }

  async list(options: ListOptions): Promise<ListResult> {
    const { prefix, revision, limit, startAfter } = checkListOptions(options);
    const response = await this.read(revision, () =>
      this.client.kv.range({
        key: startAfter === undefined ? prefixRangeStart(prefix) : keyAfter(startAfter),
        range_end: prefixRangeEnd(prefix),
        revision,
        limit,
      }),
    );
    return {
      items: response.kvs.map(toKeyValue),
      revision: revision || revisionOf(response.header.revision),
      more: response.more,
    };
  }

  async create(key: string, value: Uint8Array): Promise<KeyValue> {
    checkKey(key);
    checkValue(value);
    const name = Buffer.from(key);
    const response = await this.call("create", () =>
      this.client.kv.txn({
        compare: [{ key: name, target: "Create", result: "Equal", create_revision: 0 }],
        success: [{ request_put: { key: name, value: asBuffer(value) } }],
      }),
    );
    if (!response.succeeded) throw keyExists(key);
    const revision = revisionOf(response.header.revision);
    return { key, value, createRevision: revision, modRevision: revision };
  }

  async update(key: string, value: Uint8Array, expectedRevision: number): Promise<KeyValue> {
    checkKey(key);
    checkValue(value);
    checkRevision(expectedRevision, "expectedRevision", 1);
    const name = Buffer.from(key);
    const response = await this.call("update", () =>
      this.client.kv.txn({
        compare: [{ key: name, target: "Mod", result: "Equal", mod_revision: expectedRevision }],
        success: [{ request_put: { key: name, value: asBuffer(value), prev_kv: true } }],
        failure: [{ request_range: { key: name } }],
      }),
    );
    if (!response.succeeded) throw mismatch(key, expectedRevision, response);
    const previous = response.responses[0]?.response_put.prev_kv;
    return {
      key,
      value,
      createRevision: revisionOf(previous?.create_revision),
      modRevision: revisionOf(response.header.revision),
    };
  }

  async delete(key: string, expectedRevision?: number): Promise<KeyValue> {
    checkKey(key);
    if (expectedRevision !== undefined) checkRevision(expectedRevision, "expectedRevision", 1);
    const name = Buffer.from(key);
    const response = await this.call("delete", () =>
      this.client.kv.txn({
        compare:
          expectedRevision === undefined
            ? []
            : [{ key: name, target: "Mod", result: "Equal", mod_revision: expectedRevision }],
        success: [{ request_delete_range: { key: name, prev_kv: true } }],
        failure: [{ request_range: { key: name } }],
      }),
    );
    if (!response.succeeded) throw mismatch(key, expectedRevision, response);
    const deleted: IKeyValue | undefined = response.responses[0]?.response_delete_range.prev_kvs[0];
    if (!deleted) throw keyNotFound(key);
    return { ...toKeyValue(deleted), modRevision: revisionOf(response.header.revision) };
  }

  watch(options: WatchOptions): AsyncIterable<WatchEvent[]> {
    const checked = checkWatchOptions(options);
    this.ensureOpen();
    return watchEtcd(
      {
        client: this.client,
        logger: this.logger,
        retryMs: this.watchRetryMs,
        closed: this.closing.signal,
        compactedRevision: () => this.compacted,
        observeCompaction: (revision) => this.observeCompaction(revision),
      },
      checked,
    );
  }

  async currentRevision(): Promise<number> {
    const response = await this.call("revision", () =>
      this.client.kv.range({ key: prefixRangeStart(""), count_only: true }),
    );
    return revisionOf(response.header.revision);
  }

  async compactedRevision(): Promise<number> {
    this.ensureOpen();
    return this.compacted;
  }

  async compact(revision: number): Promise<void> {
    checkRevision(revision, "compact revision");
    this.ensureOpen();
    if (revision <= this.compacted) return;
    try {
      // physical: answer once this member has applied it, so its reads refuse the old revisions at once.
      await this.call("compact", () => this.client.kv.compact({ revision, physical: true }));
    } catch (error) {
      // Compacted already (by another client) is what was asked for.
      if (!StoreError.is(error, "compacted")) throw error;
    }
    this.observeCompaction(revision);
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    this.client.close();
  }

  /**
   * A read at `revision` (0 = latest). A revision this client knows to be compacted is refused here, so
   * every member answers alike even before it has applied the compaction.
   */
  private async read(revision: number, request: () => Promise<IRangeResponse>): Promise<IRangeResponse> {
    if (revision > 0 && revision < this.compacted) {
      throw revisionCompacted(revision, this.compacted);
    }
    try {
      return await this.call("read", request);
    } catch (error) {
      // etcd does not say how far it compacted, only that `revision` is gone: it is at least one more.
      if (StoreError.is(error, "compacted")) this.observeCompaction(revision + 1);
      throw error;
    }
  }

  private async call<T>(operation: string, request: () => Promise<T>): Promise<T> {
    this.ensureOpen();
    try {
      return await request();
    } catch (error) {
      throw toStoreError(error, operation);
    }
  }

  private observeCompaction(revision: number): void {
    this.compacted = Math.max(this.compacted, revision);
  }

  private ensureOpen(): void {
    if (this.closing.signal.aborted) throw storeClosed();
  }
}

/** Why a compare failed: the key is missing, or it is at another revision. */
function mismatch(key: string, expectedRevision: number | undefined, response: ITxnResponse): StoreError {
  const current = response.responses[0]?.response_range.kvs[0];
  return current ? revisionConflict(key, current.mod_revision, expectedRevision) : keyNotFound(key);
}

function isEndpoint(endpoint: unknown): boolean {
  if (typeof endpoint !== "string") return false;
  try {
    const url = new URL(endpoint);
    return (url.protocol === "http:" || url.protocol === "https:") && url.port !== "";
  } catch {
    return false;
  }
}
