/**
 * A container's environment cannot be built (a required ConfigMap, Secret or key is missing, a field path is
 * not supported). The pod worker shows it as the container's waiting reason, as Kubernetes does.
 */
export class EnvError extends Error {
  override readonly name = "EnvError";
  readonly reason = "CreateContainerConfigError";
}
