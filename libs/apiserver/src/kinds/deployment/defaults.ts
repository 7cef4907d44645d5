import { create } from "@bufbuild/protobuf";
import {
  type Deployment,
  DeploymentSpecSchema,
  DeploymentStrategySchema,
  intOrString,
  RollingUpdateDeploymentSchema,
} from "@capstan/api";
import { defaultPodTemplate } from "../shared/pod-template.js";

const QUARTER = () => intOrString("25%");

/**
 * Kubernetes' Deployment defaults: 1 replica, RollingUpdate with 25% unavailable and 25% surge, 10 old
 * ReplicaSets kept, 600 s to make progress, and the pod template's defaults.
 */
export function defaultDeployment(deployment: Deployment): void {
  deployment.spec ??= create(DeploymentSpecSchema);
  const spec = deployment.spec;
  spec.replicas ??= 1;
  spec.strategy ??= create(DeploymentStrategySchema);
  if (spec.strategy.type === "") spec.strategy.type = "RollingUpdate";
  if (spec.strategy.type === "RollingUpdate") {
    spec.strategy.rollingUpdate ??= create(RollingUpdateDeploymentSchema);
    spec.strategy.rollingUpdate.maxUnavailable ??= QUARTER();
    spec.strategy.rollingUpdate.maxSurge ??= QUARTER();
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplate(spec.template);
}
