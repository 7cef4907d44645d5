/**
 * The little a driver logs (background compaction and checkpoints). A pino logger fits as is; the default
 * logs nothing.
 */
export interface StoreLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Drops every message. */
export const silentLogger: StoreLogger = {
  info() {},
  warn() {},
};
