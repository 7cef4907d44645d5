export { cleanupVolumes, prepareVolumes } from "./prepare-volumes.js";
export { VolumeError } from "./volume-error.js";
