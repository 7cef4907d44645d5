/** A node port range, both ends included. */
export interface PortRange {
  readonly min: number;
  readonly max: number;
  /** How many ports it holds. */
  readonly size: number;
  /** `30000-32767`, as error messages quote it. */
  readonly text: string;
}

/** Parses `30000-32767` (Kubernetes' --service-node-port-range); throws a TypeError naming the problem. */
export function parsePortRange(text: unknown): PortRange {
  if (typeof text !== "string") throw new TypeError(`a node port range must be a string, got ${typeof text}`);
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text.trim());
  const min = Number(match?.[1]);
  const max = Number(match?.[2]);
  if (!match || min < 1 || max > 65_535 || min > max)
    throw new TypeError(
      `invalid node port range ${JSON.stringify(text)}: want MIN-MAX with 1 <= MIN <= MAX <= 65535`,
    );
  return { min, max, size: max - min + 1, text: `${min}-${max}` };
}
