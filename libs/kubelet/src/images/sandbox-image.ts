import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import type { DockerRuntime } from "../runtime/index.js";
import { isStaticElf } from "./static-elf.js";
import { createTarArchive, type TarEntry } from "./tar-archive.js";

/** The sandbox ("pause") image the kubelet builds itself when the engine lacks it. */
export const DEFAULT_SANDBOX_IMAGE = "capstan/pause:1";

/** Debian's busybox-static: statically linked, so an image holding only it needs no libc. */
const DEFAULT_BUSYBOX = "/bin/busybox";

/**
 * The sandbox's only job is to hold the pod's namespaces until it is told to stop. As PID 1 it gets no default
 * signal actions, so it must trap TERM and INT itself (else every stop waits for SIGKILL). `wait` on a
 * background sleep returns as soon as a trapped signal arrives, so the trap runs at once and exits 0.
 */
const PAUSE_SCRIPT = "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait; done";
export const SANDBOX_ENTRYPOINT: readonly string[] = ["/bin/sh", "-c", PAUSE_SCRIPT];

/** The sandbox image is missing and cannot be built (no static busybox) nor pulled. */
export class SandboxImageError extends Error {
  override readonly name = "SandboxImageError";
}

export interface SandboxImageOptions {
  /** The static busybox binary the image is built from. Default /bin/busybox (Debian's busybox-static). */
  readonly busybox?: string;
}

type ImageRuntime = Pick<DockerRuntime, "hasImage" | "pullImage" | "importImage">;

const inFlight = new WeakMap<ImageRuntime, Map<string, Promise<string>>>();

/**
 * Makes sure the sandbox image `image` exists on the engine and resolves to its reference. Present: done.
 * Missing: `capstan/pause:*` is built locally at once; any other name is pulled first (the usual path on
 * machines with a registry), and built locally under that name when the pull fails, so a kubelet with no
 * registry still runs pods. Concurrent calls share one build.
 *
 * How it is built (no registry, no Dockerfile): an in-memory rootfs tarball holding the host's static busybox
 * as /bin/busybox with /bin/sh and /bin/sleep linked to it, /tmp and /etc/passwd, imported through the Engine
 * API's image import (`docker import`) with an exec-form `ENTRYPOINT ["/bin/sh","-c","trap 'exit 0' TERM INT;
 * while :; do sleep 3600 & wait; done"]`: it sleeps until SIGTERM/SIGINT and then exits 0 at once.
 */
export function ensureSandboxImage(
  runtime: ImageRuntime,
  image: string = DEFAULT_SANDBOX_IMAGE,
  options: SandboxImageOptions = {},
): Promise<string> {
  if (typeof image !== "string" || image.trim() === "") {
    return Promise.reject(
      new SandboxImageError("sandbox image: the image reference must be a non-empty string"),
    );
  }
  let byImage = inFlight.get(runtime);
  if (!byImage) {
    byImage = new Map();
    inFlight.set(runtime, byImage);
  }
  const running = byImage.get(image);
  if (running) return running;
  const ensured = ensure(runtime, image, options).finally(() => byImage.delete(image));
  byImage.set(image, ensured);
  return ensured;
}

async function ensure(runtime: ImageRuntime, image: string, options: SandboxImageOptions): Promise<string> {
  if (await runtime.hasImage(image)) return image;
  if (!isLocallyBuiltName(image)) {
    try {
      await runtime.pullImage(image);
      return image;
    } catch {
      // Offline or unknown upstream: fall through and build a working sandbox under the requested name.
    }
  }
  const busybox = options.busybox ?? DEFAULT_BUSYBOX;
  const tar = createTarArchive(sandboxRootfs(await readStaticBusybox(busybox)));
  await runtime.importImage(Readable.from([tar]), image, [
    `ENTRYPOINT ${JSON.stringify(SANDBOX_ENTRYPOINT)}`,
    "CMD []",
  ]);
  return image;
}

function isLocallyBuiltName(image: string): boolean {
  return image.startsWith("capstan/pause:");
}

async function readStaticBusybox(path: string): Promise<Uint8Array> {
  let binary: Uint8Array;
  try {
    binary = await readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SandboxImageError(
      `cannot build the sandbox image: ${reason}; install busybox-static (apt-get install busybox-static) or make the image pullable`,
    );
  }
  if (!isStaticElf(binary)) {
    throw new SandboxImageError(
      `cannot build the sandbox image: ${path} is not a statically linked executable; install busybox-static`,
    );
  }
  return binary;
}

/** The sandbox's root filesystem: busybox, the two applets the pause script runs, and the usual bare dirs. */
export function sandboxRootfs(busybox: Uint8Array): TarEntry[] {
  return [
    { type: "directory", path: "bin", mode: 0o755 },
    { type: "file", path: "bin/busybox", mode: 0o755, content: busybox },
    { type: "symlink", path: "bin/sh", target: "/bin/busybox" },
    { type: "symlink", path: "bin/sleep", target: "/bin/busybox" },
    { type: "directory", path: "etc", mode: 0o755 },
    {
      type: "file",
      path: "etc/passwd",
      mode: 0o644,
      content: new TextEncoder().encode("root:x:0:0:root:/:/bin/sh\n"),
    },
    { type: "directory", path: "tmp", mode: 0o1777 },
  ];
}
