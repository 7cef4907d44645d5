export type { NodeSettings } from "./pod-config.js";
export { literalHooks, type PodHooks } from "./pod-hooks.js";
export { createPodManager, type PodManager, type PodManagerOptions } from "./pod-manager.js";
export type { ProbeKind, ProbeStarter, ProbeTarget } from "./probe-states.js";
