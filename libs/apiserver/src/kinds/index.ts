import { apiVersionOf, type ResourceType, resources } from "@capstan/api";
import { defaultStrategy } from "../registry/default-strategy.js";
import type { ResourceStrategy } from "../registry/strategy.js";
import { configMapKind } from "./configmap/strategy.js";
import { daemonSetKind } from "./daemonset/strategy.js";
import { deploymentKind } from "./deployment/strategy.js";
import { endpointsKind } from "./endpoints/strategy.js";
import { eventKind } from "./event/strategy.js";
import { jobKind } from "./job/strategy.js";
import { leaseKind } from "./lease/strategy.js";
import { namespaceKind } from "./namespace/strategy.js";
import { nodeKind } from "./node/strategy.js";
import { podKind } from "./pod/strategy.js";
import { replicaSetKind } from "./replicaset/strategy.js";
import { secretKind } from "./secret/strategy.js";
import { serviceKind } from "./service/strategy.js";
import { bindKind, type KindDefinition, type KindObject } from "./shared/kind-definition.js";

/** The definition of each kind by `apiVersion/Kind`. */
const KINDS: Readonly<Record<string, KindDefinition<KindObject>>> = {
  "v1/Namespace": namespaceKind,
  "v1/Pod": podKind,
  "v1/Node": nodeKind,
  "v1/Service": serviceKind,
  "v1/Endpoints": endpointsKind,
  "v1/Event": eventKind,
  "v1/ConfigMap": configMapKind,
  "v1/Secret": secretKind,
  "apps/v1/Deployment": deploymentKind,
  "apps/v1/ReplicaSet": replicaSetKind,
  "apps/v1/DaemonSet": daemonSetKind,
  "batch/v1/Job": jobKind,
  "coordination.k8s.io/v1/Lease": leaseKind,
};

/** The strategy of a resource type: its kind's definition, or the generic one for a kind without one. */
export function strategyFor(type: ResourceType): ResourceStrategy {
  const definition = KINDS[`${apiVersionOf(type)}/${type.kind}`];
  return definition ? bindKind(type, definition) : defaultStrategy(type);
}

/** One strategy per resource of the resource table, in its order. */
export const strategies: readonly ResourceStrategy[] = resources.map(strategyFor);
