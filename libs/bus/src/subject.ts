import { BusError } from "./bus-error.js";

// A token is a non-empty run of printable characters other than '.', '*', '>' and whitespace.
const TOKEN = /^[^\s.*>]+$/;
const MAX_SUBJECT_LENGTH = 1024;

/** Throws BusError("invalid") unless `subject` is a concrete subject (dot-separated tokens, no wildcards). */
export function assertSubject(subject: unknown): asserts subject is string {
  if (!isSubject(subject, false)) throw new BusError("invalid", `invalid subject ${describe(subject)}`);
}

/** Throws BusError("invalid") unless `pattern` is a subject that may hold `*` tokens and a final `>`. */
export function assertPattern(pattern: unknown): asserts pattern is string {
  if (!isSubject(pattern, true))
    throw new BusError("invalid", `invalid subject pattern ${describe(pattern)}`);
}

function isSubject(value: unknown, wildcards: boolean): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_SUBJECT_LENGTH) return false;
  const tokens = value.split(".");
  return tokens.every((token, index) => {
    if (wildcards && token === "*") return true;
    if (wildcards && token === ">") return index === tokens.length - 1;
    return TOKEN.test(token);
  });
}

/** NATS matching: `*` matches one token, a final `>` one or more tokens. Inputs must be valid. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const want = pattern.split(".");
  const have = subject.split(".");
  for (let i = 0; i < want.length; i++) {
    const token = want[i];
    if (token === ">") return have.length > i;
    if (i >= have.length || (token !== "*" && token !== have[i])) return false;
  }
  return want.length === have.length;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.slice(0, 100)) : `(${typeof value})`;
}
