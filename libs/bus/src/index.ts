export type {
  AppendOptions,
  AppendResult,
  Bus,
  BusMessage,
  ConsumeFrom,
  ConsumeOptions,
  StreamEvent,
  StreamGap,
  StreamMessage,
  StreamPosition,
  StreamSubscription,
  SubscribeOptions,
  Subscription,
} from "./bus.js";
export { BusError, type BusErrorCode } from "./bus-error.js";
export {
  CHANGE_SUBJECT_PREFIX,
  type ChangeKey,
  changeFilter,
  changeSubject,
  escapeToken,
  parseChangeSubject,
  unescapeToken,
} from "./change-subject.js";
export { createMemoryBus, type MemoryBusOptions } from "./memory/memory-bus.js";
export { connectNatsBus, type NatsBusOptions } from "./nats/nats-bus.js";
export { DEFAULT_STREAM_CONFIG, resolveStreamConfig, type StreamConfig } from "./stream-config.js";
export { subjectMatches } from "./subject.js";
