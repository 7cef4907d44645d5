/**
 * Chooses a free offset in [0, size) for a dynamic allocation, avoiding `taken`. As Kubernetes does
 * (KEP-3070, KEP-3668), the lower band of `staticBand` offsets is kept for addresses users request by hand
 * (a DNS service's well-known 10.96.0.10), and used only once the upper band is full. Within a band the
 * search starts at a random offset, so two apiservers allocating at once rarely choose the same one.
 * Returns undefined when the range is full.
 */
export function pickFree(
  size: number,
  staticBand: number,
  taken: ReadonlySet<number>,
  random: () => number = Math.random,
): number | undefined {
  const band = Math.min(staticBand, size);
  return scan(band, size, taken, random) ?? scan(0, band, taken, random);
}

function scan(
  from: number,
  to: number,
  taken: ReadonlySet<number>,
  random: () => number,
): number | undefined {
  const length = to - from;
  if (length <= 0) return undefined;
  const start = Math.floor(random() * length);
  for (let step = 0; step < length; step++) {
    const offset = from + ((start + step) % length);
    if (!taken.has(offset)) return offset;
  }
  return undefined;
}

/** Kubernetes' static band for service IPs: min(max(16, size/16), 256). */
export function ipStaticBand(size: number): number {
  return Math.min(Math.max(16, Math.floor(size / 16)), 256);
}

/** Kubernetes' static band for node ports: min(max(16, size/32), 128). */
export function portStaticBand(size: number): number {
  return Math.min(Math.max(16, Math.floor(size / 32)), 128);
}
