import type { Message } from "@bufbuild/protobuf";
import type { ResourceStrategy } from "../registry/strategy.js";

/** The write being admitted. */
export type AdmissionOperation = "CREATE" | "UPDATE" | "DELETE";

/** Everything a plugin may look at (and, for mutating plugins, change: `object`). */
export interface AdmissionRequest {
  readonly operation: AdmissionOperation;
  readonly strategy: ResourceStrategy;
  /** "status", "scale", "binding"... or undefined for the main resource. */
  readonly subresource?: string;
  /** "" for cluster-scoped resources. */
  readonly namespace: string;
  readonly name: string;
  /** The new object (CREATE, UPDATE); mutating plugins change it in place. */
  readonly object?: Message;
  /** The stored object (UPDATE, DELETE). */
  readonly oldObject?: Message;
  readonly dryRun: boolean;
}

/** Changes objects before they are validated and stored (defaulting, injected fields). */
export interface MutatingAdmissionPlugin {
  readonly name: string;
  admit(request: AdmissionRequest): void | Promise<void>;
}

/** Refuses writes by throwing an ApiError (validation, policy); never changes the object. */
export interface ValidatingAdmissionPlugin {
  readonly name: string;
  validate(request: AdmissionRequest): void | Promise<void>;
}

/**
 * The admission chain: every mutating plugin in registration order, then every validating plugin.
 * Later policies (quotas, pod security, webhooks) plug in through `register*`.
 */
export class AdmissionChain {
  readonly #mutating: MutatingAdmissionPlugin[] = [];
  readonly #validating: ValidatingAdmissionPlugin[] = [];

  constructor(
    plugins: { mutating?: MutatingAdmissionPlugin[]; validating?: ValidatingAdmissionPlugin[] } = {},
  ) {
    for (const plugin of plugins.mutating ?? []) this.registerMutating(plugin);
    for (const plugin of plugins.validating ?? []) this.registerValidating(plugin);
  }

  registerMutating(plugin: MutatingAdmissionPlugin): void {
    this.#checkUnique(plugin.name);
    this.#mutating.push(plugin);
  }

  registerValidating(plugin: ValidatingAdmissionPlugin): void {
    this.#checkUnique(plugin.name);
    this.#validating.push(plugin);
  }

  /** Names of the plugins, mutating first, in the order they run. */
  get pluginNames(): string[] {
    return [...this.#mutating, ...this.#validating].map((plugin) => plugin.name);
  }

  /** Runs the chain; the first plugin that throws stops the write. */
  async admit(request: AdmissionRequest): Promise<void> {
    for (const plugin of this.#mutating) await plugin.admit(request);
    for (const plugin of this.#validating) await plugin.validate(request);
  }

  #checkUnique(name: string): void {
    if (!name || this.pluginNames.includes(name)) {
      throw new TypeError(`admission plugin names must be unique and non-empty, got ${JSON.stringify(name)}`);
    }
  }
}
