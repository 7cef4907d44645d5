import type { Container, Pod } from "@capstan/api";
import { type DockerRuntime, effectivePullPolicy, parseImageRef, RuntimeError } from "../runtime/index.js";
import type { CrashBackoff } from "./crash-backoff.js";
import type { PodEvents } from "./pod-events.js";

/** An image ready to run: the reference to create from and what status reports as imageID. */
export interface PulledImage {
  readonly ref: string;
  readonly imageId: string;
}

/**
 * Makes a container's image present according to its pull policy, as the kubelet's image manager does:
 * Never → ErrImageNeverPull when missing; a failed pull → ErrImagePull, then ImagePullBackOff while the
 * back-off for that image runs. Events Pulling/Pulled/Failed/BackOff describe it.
 */
export class ImagePuller {
  constructor(
    private readonly runtime: DockerRuntime,
    private readonly backoff: CrashBackoff,
    private readonly events: PodEvents,
    private readonly now: () => number = Date.now,
  ) {}

  async ensure(pod: Pod, container: Container): Promise<PulledImage> {
    const ref = parseImageRef(container.image);
    const policy = effectivePullPolicy(container.imagePullPolicy, ref);
    const present = policy === "Always" ? undefined : await this.runtime.inspectImage(ref.normalized);
    if (present) return { ref: ref.normalized, imageId: imageIdOf(present) };
    if (policy === "Never") {
      throw new RuntimeError(
        "ErrImageNeverPull",
        `Container image "${container.image}" is not present with pull policy of Never`,
      );
    }
    const key = `${pod.metadata?.uid ?? ""}/image/${ref.normalized}`;
    const failedAt = this.failures.get(key);
    if (failedAt !== undefined && this.backoff.remaining(key, failedAt, this.now()) > 0) {
      throw new RuntimeError("ImagePullBackOff", `Back-off pulling image "${container.image}"`);
    }
    if (failedAt !== undefined) this.backoff.next(key, failedAt);
    this.events.normal(pod, "Pulling", `Pulling image "${container.image}"`, container.name);
    const started = this.now();
    try {
      await this.runtime.pullImage(ref.normalized);
    } catch (error) {
      const failure = RuntimeError.from(error, "ErrImagePull", `pull ${container.image}`);
      this.failures.set(key, this.now());
      if (failedAt === undefined) this.backoff.next(key, this.now());
      this.events.warning(
        pod,
        "Failed",
        `Failed to pull image "${container.image}": ${failure.message}`,
        container.name,
      );
      throw new RuntimeError("ErrImagePull", failure.message, { cause: error });
    }
    this.failures.delete(key);
    const seconds = ((this.now() - started) / 1000).toFixed(3);
    this.events.normal(
      pod,
      "Pulled",
      `Successfully pulled image "${container.image}" in ${seconds}s`,
      container.name,
    );
    const pulled = await this.runtime.inspectImage(ref.normalized);
    if (!pulled)
      throw new RuntimeError("ErrImagePull", `image ${ref.normalized} missing right after its pull`);
    return { ref: ref.normalized, imageId: imageIdOf(pulled) };
  }

  /** Forgets the pull failures of a pod that went away. */
  forget(podUid: string): void {
    for (const key of this.failures.keys()) if (key.startsWith(`${podUid}/`)) this.failures.delete(key);
    this.backoff.forget(`${podUid}/image/`);
  }

  /** Last failed pull per `podUid/image/ref` key. */
  private readonly failures = new Map<string, number>();
}

/** What Kubernetes shows as imageID: the registry digest when the image came from one, else its id. */
function imageIdOf(image: { id: string; repoDigests: readonly string[] }): string {
  const digest = image.repoDigests[0];
  return digest ? `docker-pullable://${digest}` : `docker://${image.id}`;
}
