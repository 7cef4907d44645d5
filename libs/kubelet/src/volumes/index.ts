export { createPodHooks, type PodHooksOptions } from "./pod-hooks.js";
export { cleanupVolumes, prepareVolumes } from "./prepare-volumes.js";
export { VolumeError } from "./volume-error.js";
