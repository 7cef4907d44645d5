import { ConfigError } from "@capstan/runtime";
import type { ControllerDescriptor } from "./controller.js";

const NAME = /^[a-z][a-z0-9-]*$/;

/** Controllers by name, in registration order (the order they start in). */
export interface ControllerRegistry {
  /** Every registered descriptor, in order. */
  all(): readonly ControllerDescriptor[];
  /**
   * The descriptors `--controllers` enables, in registration order, as kube-controller-manager reads the
   * flag: `*` means every controller on by default, `name` turns one on, `-name` turns one off; a later
   * `-name` wins over `*`. An empty list means `["*"]`. Unknown names throw a {@link ConfigError}.
   */
  select(spec: readonly string[]): ControllerDescriptor[];
}

/** Creates a registry; throws a ConfigError on a bad or repeated name. */
export function createControllerRegistry(descriptors: readonly ControllerDescriptor[]): ControllerRegistry {
  if (!Array.isArray(descriptors))
    throw new ConfigError("controllers", "the registry needs a list of descriptors");
  const byName = new Map<string, ControllerDescriptor>();
  for (const descriptor of descriptors) {
    if (typeof descriptor?.name !== "string" || !NAME.test(descriptor.name)) {
      throw new ConfigError("controllers", `invalid controller name ${JSON.stringify(descriptor?.name)}`);
    }
    if (typeof descriptor.create !== "function") {
      throw new ConfigError("controllers", `controller ${descriptor.name} has no create function`);
    }
    if (byName.has(descriptor.name)) {
      throw new ConfigError("controllers", `controller ${descriptor.name} is registered twice`);
    }
    byName.set(descriptor.name, descriptor);
  }
  return {
    all: () => [...byName.values()],
    select(spec) {
      const enabled = selectNames(spec.length === 0 ? ["*"] : spec, byName);
      return [...byName.values()].filter((descriptor) => enabled.has(descriptor.name));
    },
  };
}

function selectNames(
  spec: readonly string[],
  byName: ReadonlyMap<string, ControllerDescriptor>,
): Set<string> {
  const on = new Set<string>();
  const off = new Set<string>();
  let star = false;
  for (const raw of spec) {
    const entry = typeof raw === "string" ? raw.trim() : "";
    if (entry === "*") {
      star = true;
      continue;
    }
    const negated = entry.startsWith("-");
    const name = negated ? entry.slice(1) : entry;
    if (!byName.has(name)) {
      throw new ConfigError(
        "controllers",
        `unknown controller ${JSON.stringify(raw)}; known: ${[...byName.keys()].join(", ")}`,
      );
    }
    (negated ? off : on).add(name);
  }
  const enabled = new Set<string>();
  for (const [name, descriptor] of byName) {
    if (off.has(name)) continue;
    if (on.has(name) || (star && descriptor.enabledByDefault !== false)) enabled.add(name);
  }
  return enabled;
}
