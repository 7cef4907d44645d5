import { create } from "@bufbuild/protobuf";
import { type Timestamp, TimestampSchema } from "@bufbuild/protobuf/wkt";

// RFC 3339 as Go's time.RFC3339 parses it: a date, "T", a time, optional fraction, and a zone (required).
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Parses an RFC 3339 time ("2025-01-01T00:00:00Z", with any fraction and zone); undefined if invalid. */
export function parseRfc3339(text: string): Timestamp | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const zoneHours = Number(m[10]);
    const zoneMinutes = Number(m[11]);
    if (zoneHours > 23 || zoneMinutes > 59) return undefined;
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  }
  const seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
  const nanos = m[7] === undefined ? 0 : Number(m[7].padEnd(9, "0"));
  return create(TimestampSchema, { seconds: BigInt(seconds - offsetMinutes * 60), nanos });
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  return (
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    daysFromCivil(year, month, 1)
  );
}

// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range RFC 3339 (four-digit years) can write.
const MIN_SECONDS = -62_167_219_200n;
const MAX_SECONDS = 253_402_300_799n;

/**
 * Formats a timestamp in UTC as Kubernetes does: whole seconds for metav1.Time ("2025-01-01T00:00:00Z"),
 * six fractional digits for metav1.MicroTime. Undefined when the year is outside 0-9999 or the nanos
 * are out of range.
 */
export function formatRfc3339(ts: Timestamp, micro: boolean): string | undefined {
  if (ts.seconds < MIN_SECONDS || ts.seconds > MAX_SECONDS || ts.nanos < 0 || ts.nanos > 999_999_999) {
    return undefined;
  }
  const iso = new Date(Number(ts.seconds) * 1000).toISOString();
  // toISOString writes years 0-9999 as four digits: "YYYY-MM-DDTHH:MM:SS.sssZ".
  const wholeSeconds = iso.slice(0, 19);
  if (!micro) return `${wholeSeconds}Z`;
  return `${wholeSeconds}.${String(Math.floor(ts.nanos / 1000)).padStart(6, "0")}Z`;
}
