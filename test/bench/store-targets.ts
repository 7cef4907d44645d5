import type { Store } from "@capstan/store";
import { Etcd3 } from "etcd3";

/** The operations the store benchmark times, on one backend. */
export interface BenchTarget {
  readonly name: string;
  create(key: string, value: Buffer): Promise<number>;
  update(key: string, value: Buffer, revision: number): Promise<number>;
  get(key: string): Promise<unknown>;
  /** Returns how many keys the prefix holds. */
  list(prefix: string): Promise<number>;
  /** Calls `onPut` for every put under `prefix` until the returned stop is called. */
  watch(prefix: string, onPut: (key: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A Capstan store driver. */
export function storeTarget(name: string, store: Store): BenchTarget {
  return {
    name,
    create: async (key, value) => (await store.create(key, value)).modRevision,
    update: async (key, value, revision) => (await store.update(key, value, revision)).modRevision,
    get: (key) => store.get(key),
    list: async (prefix) => (await store.list({ prefix })).items.length,
    async watch(prefix, onPut) {
      const controller = new AbortController();
      const iterator = store.watch({
        prefix,
        afterRevision: await store.currentRevision(),
        signal: controller.signal,
      });
      const done = (async () => {
        for await (const batch of iterator)
          for (const event of batch) if (event.type === "put") onPut(event.kv.key);
      })();
      return async () => {
        controller.abort();
        await done;
      };
    },
    close: () => store.close(),
  };
}

/** The same operations straight through the etcd3 client, as an application would write them by hand. */
export function rawEtcdTarget(name: string, endpoints: string[]): BenchTarget {
  // Like the driver, lift gRPC's 4 MiB receive limit: a 10,000-key list is about 10 MiB.
  const client = new Etcd3({
    hosts: endpoints,
    grpcOptions: { "grpc.max_receive_message_length": 2 ** 31 - 1 },
  });
  const revisionOf = (header: { revision: string }) => Number(header.revision);
  return {
    name,
    async create(key, value) {
      const response = await client.if(key, "Create", "==", 0).then(client.put(key).value(value)).commit();
      if (!response.succeeded) throw new Error(`${key} exists`);
      return revisionOf(response.header);
    },
    async update(key, value, revision) {
      const response = await client
        .if(key, "Mod", "==", revision)
        .then(client.put(key).value(value))
        .commit();
      if (!response.succeeded) throw new Error(`${key} changed`);
      return revisionOf(response.header);
    },
    get: (key) => client.get(key).exec(),
    list: async (prefix) => (await client.getAll().prefix(prefix).exec()).kvs.length,
    async watch(prefix, onPut) {
      const watcher = await client.watch().prefix(prefix).create();
      watcher.on("put", (kv) => onPut(kv.key.toString()));
      return () => watcher.cancel();
    },
    close: async () => client.close(),
  };
}
