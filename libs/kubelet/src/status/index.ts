export { podPhase } from "./pod-phase.js";
export { computePodStatus, type PodStatusInput, statusChanged } from "./pod-status.js";
