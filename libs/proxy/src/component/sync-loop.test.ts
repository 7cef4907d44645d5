import { createLogger, createMetricsRegistry } from "@capstan/runtime";
import { waitFor } from "@capstan/testing";
import { describe, expect, it } from "vitest";
import { createProxyMetrics } from "../forward/proxy-metrics.js";
import { SyncLoop } from "./sync-loop.js";

const logger = createLogger({ component: "sync-test", level: "silent" });

describe("SyncLoop", () => {
  it("syncs at once, on triggers (a burst collapses), and survives a failing sync", async () => {
    const metrics = createProxyMetrics(createMetricsRegistry({ component: "proxy", processMetrics: false }));
    let syncs = 0;
    let release: () => void = () => {};
    const loop = new SyncLoop(
      async () => {
        syncs++;
        if (syncs === 2) await new Promise<void>((resolve) => (release = resolve));
        if (syncs === 3) throw new Error("boom");
      },
      metrics,
      logger,
    );
    const controller = new AbortController();
    const running = loop.run(60_000, controller.signal);
    await loop.synced();
    expect(syncs).toBe(1);
    loop.trigger();
    await waitFor(() => syncs === 2);
    for (let i = 0; i < 5; i++) loop.trigger();
    release();
    await waitFor(() => syncs === 3);
    loop.trigger();
    await waitFor(() => syncs === 4);
    expect(syncs).toBe(4);
    const errors = await metrics.syncs.get();
    expect(errors.values.find((value) => value.labels.result === "error")?.value).toBe(1);
    controller.abort();
    await running;
  });
});
