import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { timestampMs } from "../registry/object-meta.js";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/**
 * The short, two-unit duration kubectl users know from the AGE column (`45s`, `5m3s`, `61m`, `3d4h`,
 * `2y10d`). The precision shrinks as the age grows, so the column stays narrow.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < -1) return "<invalid>";
  const s = Math.max(0, Math.floor(seconds));
  if (s < 2 * MINUTE) return `${s}s`;
  const minutes = Math.floor(s / MINUTE);
  if (minutes < 10) return pair(minutes, "m", s % MINUTE, "s");
  if (minutes < 3 * 60) return `${minutes}m`;
  const hours = Math.floor(s / HOUR);
  if (hours < 8) return pair(hours, "h", minutes % 60, "m");
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(s / DAY);
  if (hours < 8 * 24) return pair(days, "d", hours % 24, "h");
  if (s < 2 * YEAR) return `${days}d`;
  const years = Math.floor(s / YEAR);
  if (s < 8 * YEAR) return pair(years, "y", days % 365, "d");
  return `${years}y`;
}

/** The AGE cell of an object created at `created` (`<unknown>` when it has no creation time). */
export function formatAge(created: Timestamp | undefined, now: Date): string {
  const ms = timestampMs(created);
  return ms === undefined ? "<unknown>" : formatDuration((now.getTime() - ms) / 1000);
}

function pair(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit}${minor}${minorUnit}`;
}
