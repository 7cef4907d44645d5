/**
 * Kubernetes' reasons a container can wait or fail with, as kubectl shows them. They are the `reason` of a
 * {@link RuntimeError} so pod status can report them unchanged.
 */
export type RuntimeReason =
  | "ErrImagePull"
  | "ImagePullBackOff"
  | "ErrImageNeverPull"
  | "InvalidImageName"
  | "CreateContainerError"
  | "CreateContainerConfigError"
  | "RunContainerError"
  | "DockerUnavailable"
  | "NotFound"
  | "ExecTimeout"
  | "InvalidArgument";

/** A failure of the container runtime with the Kubernetes reason it maps to. */
export class RuntimeError extends Error {
  override readonly name = "RuntimeError";
  constructor(
    readonly reason: RuntimeReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Wraps anything thrown by the Docker client in a RuntimeError with `reason` (kept when already one). */
  static from(error: unknown, reason: RuntimeReason, context: string): RuntimeError {
    if (error instanceof RuntimeError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new RuntimeError(reason, `${context}: ${message}`, { cause: error });
  }
}

/** The HTTP status code dockerode puts on a failed Engine API call, if any. */
export function dockerStatusCode(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("statusCode" in error)) return undefined;
  const code = (error as { statusCode: unknown }).statusCode;
  return typeof code === "number" ? code : undefined;
}
