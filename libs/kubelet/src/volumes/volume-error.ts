/** A pod volume cannot be set up; the pod worker reports it as a FailedMount event, as Kubernetes does. */
export class VolumeError extends Error {
  override readonly name = "VolumeError";
  readonly reason = "FailedMount";
}
