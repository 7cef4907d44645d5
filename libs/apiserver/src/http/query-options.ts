import type { UnknownFieldPolicy } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type {
  DeleteOptions,
  ListOptions,
  PatchOptions,
  PropagationPolicy,
  WatchOptions,
  WriteOptions,
} from "../registry/options.js";
import type { IncludeObject } from "../table/table.js";

/** Reads the query parameters of the API, refusing malformed values with 400 as Kubernetes does. */
export class QueryOptions {
  constructor(readonly params: URLSearchParams) {}

  /** `?watch=1|true`. */
  get watch(): boolean {
    return this.#bool("watch") ?? false;
  }

  list(): ListOptions {
    return {
      labelSelector: this.#string("labelSelector"),
      fieldSelector: this.#string("fieldSelector"),
      limit: this.#int("limit"),
      continue: this.#string("continue"),
      resourceVersion: this.#string("resourceVersion"),
      resourceVersionMatch: this.#oneOf("resourceVersionMatch", ["NotOlderThan", "Exact"] as const),
    };
  }

  watchOptions(): WatchOptions {
    return {
      labelSelector: this.#string("labelSelector"),
      fieldSelector: this.#string("fieldSelector"),
      resourceVersion: this.#string("resourceVersion"),
      allowWatchBookmarks: this.#bool("allowWatchBookmarks"),
      sendInitialEvents: this.#bool("sendInitialEvents"),
      timeoutSeconds: this.#int("timeoutSeconds"),
    };
  }

  write(): WriteOptions {
    const dryRun = this.params.getAll("dryRun");
    for (const value of dryRun) {
      if (value !== "All")
        throw ApiError.badRequest(
          `Invalid dryRun value: ${JSON.stringify(value)}; the only supported value is "All"`,
        );
    }
    return { dryRun: dryRun.length > 0, fieldManager: this.#string("fieldManager") };
  }

  patch(): PatchOptions {
    return { ...this.write(), force: this.#bool("force") };
  }

  /** Delete options given as query parameters (a DeleteOptions body overrides them). */
  delete(): DeleteOptions {
    const orphan = this.#bool("orphanDependents");
    const policy = this.#oneOf("propagationPolicy", ["Orphan", "Background", "Foreground"] as const);
    const propagationPolicy: PropagationPolicy | undefined =
      policy ?? (orphan === undefined ? undefined : orphan ? "Orphan" : "Background");
    return { ...this.write(), gracePeriodSeconds: this.#int("gracePeriodSeconds"), propagationPolicy };
  }

  /** `fieldValidation`: Strict, Warn (the default) or Ignore. */
  unknownFields(): UnknownFieldPolicy {
    const value = this.#oneOf("fieldValidation", ["Strict", "Warn", "Ignore"] as const) ?? "Warn";
    return value === "Strict" ? "strict" : value === "Warn" ? "warn" : "ignore";
  }

  /** `includeObject` of a Table request (Metadata when absent). */
  includeObject(): IncludeObject {
    return this.#oneOf("includeObject", ["None", "Metadata", "Object"] as const) ?? "Metadata";
  }

  #string(name: string): string | undefined {
    const value = this.params.get(name);
    return value === null || value === "" ? undefined : value;
  }

  #int(name: string): number | undefined {
    const value = this.#string(name);
    if (value === undefined) return undefined;
    if (!/^-?[0-9]{1,15}$/.test(value) || Number(value) < 0) {
      throw ApiError.badRequest(`${name}: expected a non-negative integer, got ${JSON.stringify(value)}`);
    }
    return Number(value);
  }

  #bool(name: string): boolean | undefined {
    const value = this.params.get(name);
    if (value === null) return undefined;
    if (["1", "t", "T", "true", "TRUE", "True", ""].includes(value)) return value !== "";
    if (["0", "f", "F", "false", "FALSE", "False"].includes(value)) return false;
    throw ApiError.badRequest(`${name}: expected a boolean, got ${JSON.stringify(value)}`);
  }

  #oneOf<V extends string>(name: string, allowed: readonly V[]): V | undefined {
    const value = this.#string(name);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as V;
    throw ApiError.badRequest(
      `${name}: unsupported value ${JSON.stringify(value)}; supported: ${allowed.join(", ")}`,
    );
  }
}
