export { kubeletDefinition } from "./definition.js";
export { createKubeletComponent, type KubeletComponent, type KubeletExtras } from "./kubelet-component.js";
export { kubeletConfig } from "./kubelet-config.js";
