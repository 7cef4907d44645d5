import { ApiError } from "@capstan/apimachinery";

/** A parsed config value with the path it came from, for errors that say where the mistake is. */
export class ConfigValue {
  constructor(
    readonly value: unknown,
    readonly path: string,
  ) {}

  fail(message: string): never {
    throw ApiError.badRequest(`${this.path}: ${message}`);
  }

  isAbsent(): boolean {
    return this.value === undefined || this.value === null;
  }

  /** The object's fields; an unknown field is an error (Kubernetes decodes its config strictly). */
  object(known: readonly string[]): Map<string, ConfigValue> {
    const value = this.value;
    if (typeof value !== "object" || value === null || Array.isArray(value)) this.fail("must be an object");
    const fields = new Map<string, ConfigValue>();
    for (const [key, field] of Object.entries(value)) {
      if (!known.includes(key))
        this.fail(`unknown field ${JSON.stringify(key)} (known: ${known.join(", ")})`);
      fields.set(key, new ConfigValue(field, this.path === "" ? key : `${this.path}.${key}`));
    }
    return fields;
  }

  list(): ConfigValue[] {
    if (!Array.isArray(this.value)) this.fail("must be a list");
    return this.value.map((item, i) => new ConfigValue(item, `${this.path}[${i}]`));
  }

  string(): string {
    if (typeof this.value !== "string" || this.value === "") this.fail("must be a non-empty string");
    return this.value;
  }

  boolean(): boolean {
    if (typeof this.value !== "boolean") this.fail("must be true or false");
    return this.value;
  }

  integer(min: number, max: number): number {
    const value = this.value;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(`must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  /** A Go duration (`15s`, `1m30s`, `500ms`) in milliseconds, above zero. */
  durationMs(): number {
    const text = this.string();
    const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001 };
    const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|us|µs|h|m|s)/g)];
    if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text) {
      this.fail(`must be a duration such as 15s or 1m30s, got ${JSON.stringify(text)}`);
    }
    const ms = parts.reduce((total, part) => total + Number(part[1]) * (units[part[2] ?? ""] ?? 0), 0);
    if (!(ms > 0)) this.fail("must be a positive duration");
    return ms;
  }
}
