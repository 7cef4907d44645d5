export {
  PROBE_DEFAULTS,
  type ProbeResult,
  type ProbeTarget,
  probeSetting,
  resolveProbePort,
  runProbe,
} from "./probe-runners.js";
export {
  type ProbeKind,
  type ProbeWorker,
  type ProbeWorkerOptions,
  startProbeWorker,
} from "./probe-worker.js";
