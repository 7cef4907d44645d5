import { createProfileFramework, defaultSchedulerProfile } from "../profile/profile.js";
import type { PluginHandle } from "../profile/registry.js";
import type { Framework } from "./framework.js";

/** The framework of the default profile; without a binder in `handle` it has no bind plugin. */
export function createDefaultFramework(handle: PluginHandle = {}): Framework {
  const profile = defaultSchedulerProfile();
  return createProfileFramework(handle.binder ? profile : { ...profile, binders: [] }, handle);
}
