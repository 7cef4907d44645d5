/**
 * Kubernetes' slowStartBatch: calls `fn` `count` times in batches of 1, 2, 4, ... (from `initialBatch`),
 * each batch in parallel, and stops after the first batch with a failure, so a quota or admission error
 * costs one call instead of hundreds. Returns how many calls succeeded and the first error, if any.
 */
export async function slowStartBatch(
  count: number,
  initialBatch: number,
  fn: (index: number) => Promise<void>,
): Promise<{ succeeded: number; error?: unknown }> {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`slowStartBatch: bad count ${count}`);
  if (!Number.isInteger(initialBatch) || initialBatch < 1) {
    throw new RangeError(`slowStartBatch: bad initial batch ${initialBatch}`);
  }
  let succeeded = 0;
  let started = 0;
  for (let batch = Math.min(count, initialBatch); batch > 0; batch = Math.min(2 * batch, count - started)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, (_, i) => fn(started + i)));
    started += batch;
    const failures = results.filter((result) => result.status === "rejected");
    succeeded += batch - failures.length;
    if (failures[0]) return { succeeded, error: failures[0].reason };
  }
  return { succeeded };
}
