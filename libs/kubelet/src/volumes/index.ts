export { createPodHooks, type PodHooksOptions } from "./pod-hooks.js";
export { cleanupVolumes, prepareVolumes, type VolumeOptions } from "./prepare-volumes.js";
export { VolumeError } from "./volume-error.js";
