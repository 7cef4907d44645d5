export { Collector, FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from "./collector.js";
export { DependencyGraph } from "./dependency-graph.js";
export {
  createGarbageCollector,
  GARBAGE_COLLECTOR,
  garbageCollectorDescriptor,
} from "./garbage-collector-controller.js";
