/**
 * Text of any value for a message, never throwing: strings as they are, bigints in decimal, anything
 * else through String() and, when even that fails (`{toString: 5}`, null-prototype objects), JSON.
 */
export function safeText(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return String(value);
  } catch {
    return safeJson(value);
  }
}

/**
 * JSON text of any value for a message, never throwing: bigints (protobuf int64 fields) as numbers,
 * values JSON cannot represent as their String() form.
 */
export function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_key, item: unknown) =>
      typeof item === "bigint" ? Number(item) : item,
    );
    if (text !== undefined) return text;
  } catch {
    // Cycles and exotic objects fall through to the generic form.
  }
  try {
    return String(value);
  } catch {
    return "<unprintable value>";
  }
}
