import type Docker from "dockerode";
import { dockerStatusCode, RuntimeError } from "./runtime-error.js";

/** What the pod status reports about an image. */
export interface ImageInfo {
  /** `sha256:...` */
  readonly id: string;
  /** `repo@sha256:...` for images that came from a registry. */
  readonly repoDigests: readonly string[];
}

/** The image's id and digests, or undefined when it is not present. */
export async function inspectImage(docker: Docker, ref: string): Promise<ImageInfo | undefined> {
  try {
    const image = await docker.getImage(ref).inspect();
    return { id: image.Id, repoDigests: image.RepoDigests ?? [] };
  } catch (error) {
    if (dockerStatusCode(error) === 404) return undefined;
    throw RuntimeError.from(error, "DockerUnavailable", `inspect image ${ref}`);
  }
}

/**
 * Pulls `ref` (which must carry a tag or digest: a bare name would pull every tag). Docker reports most
 * pull failures inside the progress stream, not as an HTTP error: both become ErrImagePull.
 */
export async function pullImage(docker: Docker, ref: string): Promise<void> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.pull(ref);
  } catch (error) {
    throw RuntimeError.from(error, "ErrImagePull", `pull ${ref}`);
  }
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, events: { error?: string }[]) => {
      const failed = error?.message ?? events.find((event) => event.error)?.error;
      if (failed) reject(new RuntimeError("ErrImagePull", `pull ${ref}: ${failed}`));
      else resolve();
    });
  });
}

/** `docker import`: makes image `ref` from a rootfs tarball, with Dockerfile-style `changes` (CMD, ENV...). */
export async function importImage(
  docker: Docker,
  rootfsTar: NodeJS.ReadableStream,
  ref: string,
  changes: readonly string[] = [],
): Promise<void> {
  const colon = ref.lastIndexOf(":");
  const hasTag = colon > ref.lastIndexOf("/");
  const repo = hasTag ? ref.slice(0, colon) : ref;
  const tag = hasTag ? ref.slice(colon + 1) : "latest";
  try {
    const stream = await docker.importImage(rootfsTar, { repo, tag, changes: [...changes] });
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (error: Error | null, events: { error?: string }[]) => {
        const failed = error?.message ?? events.find((event) => event.error)?.error;
        if (failed) reject(new Error(failed));
        else resolve();
      });
    });
  } catch (error) {
    throw RuntimeError.from(error, "InvalidArgument", `import image ${ref}`);
  }
}
