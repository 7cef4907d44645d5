import { describeConcurrency } from "./concurrency.js";
import { describeCrash } from "./crash.js";
import { describeCrud } from "./crud.js";
import type { StoreHarness } from "./harness.js";
import { describeHistory } from "./history.js";
import { describeInvalidInput } from "./invalid-input.js";
import { describeWatch } from "./watch.js";

export type { StoreHarness, WriterConfig } from "./harness.js";

/**
 * The store conformance suite: every driver runs it unchanged (call it inside a driver's test file).
 * See StoreHarness for what a driver provides.
 */
export function describeStoreConformance(harness: StoreHarness): void {
  describeCrud(harness);
  describeConcurrency(harness);
  describeHistory(harness);
  describeWatch(harness);
  describeCrash(harness);
  describeInvalidInput(harness);
}
