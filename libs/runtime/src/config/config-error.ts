/**
 * Bad configuration: an unknown flag, a value of the wrong type, a missing required option. The message is
 * one line naming where the value came from, e.g. `--api-port: expected an integer, got "abc"`.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    /** The flag, environment variable or option the problem is about. */
    readonly source: string,
    message: string,
  ) {
    super(message);
  }
}
