import type { Deployment, DeploymentService, Pod, ReplicaSet, ReplicaSetService } from "@capstan/api";
import type { Clock, GrpcClient, Lister } from "@capstan/client";
import type { ControllerEventRecorder } from "../context.js";

/** What a deployment sync reads and writes. */
export interface DeploymentSyncDeps {
  readonly deployments: Lister<Deployment>;
  readonly replicaSets: Lister<ReplicaSet>;
  readonly pods: Lister<Pod>;
  readonly deploymentClient: GrpcClient<typeof DeploymentService>;
  readonly replicaSetClient: GrpcClient<typeof ReplicaSetService>;
  readonly events: ControllerEventRecorder;
  readonly clock: Clock;
}

/**
 * One sync's working state: a private copy of the deployment that status and annotation writes replace
 * with what the apiserver stored (so the next write carries the fresh resourceVersion).
 */
export interface DeploymentSyncState {
  deployment: Deployment;
  readonly deps: DeploymentSyncDeps;
  /** Re-reconcile after this many ms (progress deadline, minReadySeconds); the smallest asked wins. */
  requeueAfterMs: number | undefined;
}

/** Asks for another look after `ms` (keeps the earliest request). */
export function requeueAfter(state: DeploymentSyncState, ms: number): void {
  const delay = Math.max(0, ms);
  state.requeueAfterMs = state.requeueAfterMs === undefined ? delay : Math.min(state.requeueAfterMs, delay);
}
