import { abortableDelay, type Logger } from "@capstan/runtime";
import type { Store } from "@capstan/store";

/**
 * Compacts the store's history periodically, as the Kubernetes apiserver does for etcd: each tick compacts
 * up to the revision seen at the previous tick, so history is kept for at least one interval (watch
 * resumption and continue tokens stay valid that long). Failures are logged and retried next tick.
 */
export async function runCompactor(
  store: Store,
  logger: Logger,
  intervalMs: number,
  signal: AbortSignal,
): Promise<void> {
  let previous = 0;
  while (!signal.aborted) {
    await abortableDelay(intervalMs, signal);
    if (signal.aborted) return;
    try {
      if (previous > 0) await store.compact(previous);
      previous = await store.currentRevision();
    } catch (error) {
      logger.warn({ err: error, revision: previous }, "store compaction failed");
    }
  }
}
