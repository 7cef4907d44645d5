import { waitFor } from "@capstan/testing";

/** One watch event as the REST API streams it. */
export interface WatchEvent {
  readonly type: string;
  readonly object: { metadata?: { name?: string; resourceVersion?: string } } & Record<string, unknown>;
}

/** A REST watch being read in the background. */
export interface WatchStream {
  /** Events received so far. */
  readonly events: readonly WatchEvent[];
  /** Waits until at least `count` events arrived. */
  waitForEvents(count: number, timeoutMs?: number): Promise<readonly WatchEvent[]>;
  close(): Promise<void>;
}

/** Opens `GET <url>` (a `?watch=1` URL) and collects its newline-delimited JSON events. */
export async function openWatch(url: string): Promise<WatchStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: "application/json" }, signal: controller.signal });
  if (response.status !== 200 || !response.body) {
    throw new Error(`watch ${url} answered ${response.status}: ${await response.text()}`);
  }
  const events: WatchEvent[] = [];
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const reading = (async () => {
    let buffered = "";
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      buffered += decoder.decode(chunk.value, { stream: true });
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.trim() !== "") events.push(JSON.parse(line) as WatchEvent);
    }
  })().catch((error: unknown) => {
    if (!controller.signal.aborted) throw error;
  });
  return {
    events,
    async waitForEvents(count, timeoutMs = 10_000) {
      await waitFor(() => events.length >= count, {
        timeoutMs,
        intervalMs: 10,
        description: `${count} watch events from ${url} (have ${events.length})`,
      });
      return events;
    },
    async close() {
      controller.abort();
      await reading;
    },
  };
}
