import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Bus, connectNatsBus, createMemoryBus } from "@capstan/bus";
import type { Logger } from "@capstan/runtime";
import { createEtcdStore, createSqliteStore, type Store } from "@capstan/store";

export interface BackendSettings {
  readonly store: string;
  readonly dataDir: string;
  readonly etcdEndpoints: readonly string[];
  readonly natsUrl: readonly string[];
}

/** The SQLite database of a data directory. */
export function sqlitePath(dataDir: string): string {
  return join(dataDir, "state.db");
}

/** Opens the configured store: the embedded SQLite file in the data directory, or an etcd cluster. */
export async function openStore(settings: BackendSettings, logger: Logger): Promise<Store> {
  if (settings.store === "etcd") {
    if (settings.etcdEndpoints.length === 0) throw new Error("--store etcd needs --etcd-endpoints");
    return createEtcdStore({
      endpoints: [...settings.etcdEndpoints],
      logger: logger.child({ store: "etcd" }),
    });
  }
  await mkdir(settings.dataDir, { recursive: true });
  return createSqliteStore({ path: sqlitePath(settings.dataDir), logger: logger.child({ store: "sqlite" }) });
}

/** Connects the change-feed bus: NATS JetStream when servers are given, otherwise in-process. */
export async function openBus(settings: BackendSettings, logger: Logger): Promise<Bus> {
  if (settings.natsUrl.length === 0) return createMemoryBus();
  return connectNatsBus({
    servers: settings.natsUrl,
    name: "capstan-apiserver",
    logger: logger.child({ bus: "nats" }),
  });
}
