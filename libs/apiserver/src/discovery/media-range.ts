/** One entry of an Accept header: `application/json;as=Table;g=meta.k8s.io;v=v1`. */
export interface MediaRange {
  /** Lower-cased `type/subtype`. */
  readonly mediaType: string;
  /** Parameters other than q, keys lower-cased. */
  readonly params: Readonly<Record<string, string>>;
  readonly quality: number;
}

/**
 * Parses an Accept header into media ranges, most preferred first (by q, then by position, as HTTP says).
 * Malformed entries are skipped; ranges with q=0 are dropped. A missing or empty header means `*\/*`.
 */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === "") return [{ mediaType: "*/*", params: {}, quality: 1 }];
  const ranges: MediaRange[] = [];
  for (const entry of header.split(",")) {
    const [type = "", ...rawParams] = entry.split(";");
    const mediaType = type.trim().toLowerCase();
    if (!/^[\w.+*-]+\/[\w.+*-]+$/.test(mediaType)) continue;
    const params: Record<string, string> = {};
    let quality = 1;
    for (const raw of rawParams) {
      const equals = raw.indexOf("=");
      if (equals < 0) continue;
      const key = raw.slice(0, equals).trim().toLowerCase();
      const value = raw
        .slice(equals + 1)
        .trim()
        .replace(/^"(.*)"$/, "$1");
      if (key === "q") quality = parseQuality(value);
      else params[key] = value;
    }
    if (quality > 0) ranges.push({ mediaType, params, quality });
  }
  return ranges
    .map((range, index) => ({ range, index }))
    .sort((a, b) => b.range.quality - a.range.quality || a.index - b.index)
    .map(({ range }) => range);
}

function parseQuality(value: string): number {
  const quality = Number(value);
  return Number.isFinite(quality) && quality >= 0 && quality <= 1 ? quality : 0;
}

/** True for ranges that a JSON body satisfies: application/json, application/*, *\/*. */
export function acceptsJson(range: MediaRange): boolean {
  return (
    range.mediaType === "application/json" || range.mediaType === "application/*" || range.mediaType === "*/*"
  );
}
