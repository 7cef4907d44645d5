/** One event of a watch stream as the client reads it. */
export interface WatchLine {
  readonly type: string;
  readonly object: Record<string, unknown> & { metadata?: Record<string, unknown> };
}

/** A watch opened over HTTP, read line by line. */
export interface WatchStream {
  readonly status: number;
  readonly headers: Headers;
  /** The next event; rejects when none arrives within `timeoutMs`, resolves undefined when the stream ended. */
  next(timeoutMs?: number): Promise<WatchLine | undefined>;
  /** Reads events until the stream ends (at most `timeoutMs`). */
  rest(timeoutMs?: number): Promise<WatchLine[]>;
  close(): void;
}

/** Opens `GET url` and reads newline-delimited JSON events from it. */
export async function openWatch(url: string, headers: Record<string, string> = {}): Promise<WatchStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "application/json", ...headers },
    signal: controller.signal,
  });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  let ended = false;
  const lines: string[] = [];

  async function fill(deadline: number): Promise<void> {
    while (lines.length === 0 && !ended) {
      if (!reader) {
        ended = true;
        return;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error("no watch event arrived in time");
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("no watch event arrived in time")), remaining);
      });
      try {
        const chunk = await Promise.race([reader.read(), timeout]);
        if (chunk.done) ended = true;
        else buffered += decoder.decode(chunk.value, { stream: true });
      } finally {
        clearTimeout(timer);
      }
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      lines.push(...parts.filter((line) => line.trim() !== ""));
    }
  }

  const stream: WatchStream = {
    status: response.status,
    headers: response.headers,
    async next(timeoutMs = 5_000) {
      await fill(Date.now() + timeoutMs);
      const line = lines.shift();
      return line === undefined ? undefined : (JSON.parse(line) as WatchLine);
    },
    async rest(timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      const out: WatchLine[] = [];
      for (;;) {
        const event = await stream.next(Math.max(1, deadline - Date.now()));
        if (!event) return out;
        out.push(event);
      }
    },
    close() {
      controller.abort();
    },
  };
  return stream;
}
