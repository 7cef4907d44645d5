/** etcd's "all keys from `key` on" range end, and what an empty prefix stands for. */
const ZERO = Buffer.from([0]);

/**
 * The range end (exclusive) covering every key that starts with `prefix`: the prefix with its last byte
 * below 0xff incremented (etcd's own rule). An empty prefix, or one of only 0xff bytes, means no end.
 */
export function prefixRangeEnd(prefix: string): Buffer {
  const bytes = Buffer.from(prefix);
  for (let index = bytes.length - 1; index >= 0; index--) {
    const byte = bytes[index] ?? 0xff;
    if (byte < 0xff) {
      const end = Buffer.from(bytes.subarray(0, index + 1));
      end[index] = byte + 1;
      return end;
    }
  }
  return ZERO;
}

/** The first key of a prefix range ("\0" for the empty prefix: every key). */
export function prefixRangeStart(prefix: string): Buffer {
  return prefix === "" ? ZERO : Buffer.from(prefix);
}

/** The smallest key strictly after `key`. */
export function keyAfter(key: string): Buffer {
  return Buffer.concat([Buffer.from(key), ZERO]);
}
