import type { Message } from "@bufbuild/protobuf";
import type { ResourceType } from "@capstan/api";
import type { Logger } from "@capstan/runtime";
import type { AdmissionChain } from "../admission/admission.js";
import type { WatchCache } from "../watch/watch-cache.js";
import type { ObjectStorage } from "./object-storage.js";
import type { ResourceStrategy } from "./strategy.js";

/** Everything the verbs of one resource share. */
export interface ResourceContext<T extends Message> {
  readonly type: ResourceType;
  readonly strategy: ResourceStrategy<T>;
  readonly storage: ObjectStorage<T>;
  readonly admission: AdmissionChain;
  readonly cache: WatchCache;
  readonly logger: Logger;
  /** The clock (tests may pin it). */
  readonly now: () => Date;
}

/** `Deployment.apps`, or `Pod` for the core group: how Kubernetes names a kind in Invalid errors. */
export function qualifiedKind(type: ResourceType): string {
  return type.group ? `${type.kind}.${type.group}` : type.kind;
}
