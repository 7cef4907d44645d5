import { BusError } from "../bus-error.js";

/** JetStream API error codes Capstan reacts to. */
export const JS_WRONG_LAST_MSG_ID = 10070;
export const JS_WRONG_LAST_SEQUENCE = 10071;
export const JS_NO_MESSAGE_FOUND = 10037;
export const JS_STREAM_NOT_FOUND = 10059;
export const JS_STREAM_NAME_IN_USE = 10058;

const UNAVAILABLE = new Set([
  "TIMEOUT",
  "503",
  "408",
  "CONNECTION_REFUSED",
  "CONNECTION_TIMEOUT",
  "DISCONNECT",
  "REQUEST_ERROR",
]);
const CLOSED = new Set(["CONNECTION_CLOSED", "CONNECTION_DRAINING", "SUB_CLOSED", "SUB_DRAINING"]);
const INVALID = new Set([
  "MAX_PAYLOAD_EXCEEDED",
  "BAD_SUBJECT",
  "BAD_PAYLOAD",
  "INVALID_PAYLOAD",
  "BAD_HEADER",
]);

/** The JetStream API error code carried by a nats.js error, if any. */
export function jetStreamErrorCode(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("api_error" in error)) return undefined;
  const apiError = (error as { api_error?: { err_code?: unknown } }).api_error;
  return typeof apiError?.err_code === "number" ? apiError.err_code : undefined;
}

/** The description of a JetStream API error (e.g. `wrong last msg ID: 42`), if any. */
export function jetStreamErrorDescription(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("api_error" in error)) return undefined;
  const apiError = (error as { api_error?: { description?: unknown } }).api_error;
  return typeof apiError?.description === "string" ? apiError.description : undefined;
}

/** Wraps any nats.js failure into a BusError with a code the caller can act on. */
export function toBusError(error: unknown, doing: string): BusError {
  if (error instanceof BusError) return error;
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const message = `${doing}: ${error instanceof Error ? error.message : String(error)}`;
  if (CLOSED.has(code)) return new BusError("closed", message, { cause: error });
  if (UNAVAILABLE.has(code)) return new BusError("unavailable", message, { cause: error });
  if (INVALID.has(code)) return new BusError("invalid", message, { cause: error });
  return new BusError("failed", message, { cause: error });
}
