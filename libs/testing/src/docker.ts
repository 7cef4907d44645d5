import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * Docker's own 20.10 client from Debian's docker.io. The first `docker` on PATH may be a client without the
 * plugins some commands need (see shared/reference/this-machine.md), so the harness never relies on PATH.
 */
export const DOCKER_CLI = "/usr/bin/docker";

/** Debian's busybox-static: a static binary, so an image holding only it needs no libc. */
const DEFAULT_BUSYBOX = "/bin/busybox";
/** Bump when the rootfs recipe below changes, so the content-hash tag changes with it. */
const RECIPE_VERSION = "1";
const TEST_IMAGE_REPOSITORY = "capstan-test/busybox";
const OUTPUT_LIMIT = 64 * 1024 * 1024;

/** A docker CLI call that failed; the message carries the command and what the engine said. */
export class DockerCliError extends Error {
  override readonly name = "DockerCliError";
}

/** Runs `/usr/bin/docker <args>` and resolves with its trimmed stdout; rejects with DockerCliError. */
export function docker(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(DOCKER_CLI, args, { maxBuffer: OUTPUT_LIMIT }, (error, stdout, stderr) => {
      if (error) {
        const detail = stderr.trim() || error.message;
        reject(new DockerCliError(`docker ${args.join(" ")} failed: ${detail}`));
      } else resolve(stdout.trim());
    });
  });
}

export interface TestImageOptions {
  /** A static busybox binary to build from. Default /bin/busybox (Debian's busybox-static). */
  busybox?: string;
}

const built = new Map<string, Promise<string>>();

/**
 * Returns the name of a small local busybox image (`capstan-test/busybox:<hash>`), importing it once with
 * `docker import` when the engine lacks it. The tag is a hash of the busybox binary and the recipe, so a new
 * busybox or recipe makes a new image and an existing one is reused across runs. The image holds busybox with
 * every applet linked under its usual path (/bin/sh included), /etc/passwd and /etc/group (root, nobody),
 * /root and a world-writable /tmp; its default command is /bin/sh. No registry is involved.
 *
 * Two processes racing on a first build both import; the tag ends on one of two identical images.
 */
export function ensureTestImage(options: TestImageOptions = {}): Promise<string> {
  const busybox = options.busybox ?? DEFAULT_BUSYBOX;
  let image = built.get(busybox);
  if (!image) {
    image = buildTestImage(busybox);
    built.set(busybox, image);
    image.catch(() => built.delete(busybox));
  }
  return image;
}

async function buildTestImage(busybox: string): Promise<string> {
  let binary: Buffer;
  try {
    binary = await readFile(busybox);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DockerCliError(`ensureTestImage: cannot read ${busybox} (install busybox-static): ${reason}`);
  }
  const hash = createHash("sha256").update(RECIPE_VERSION).update(binary).digest("hex").slice(0, 16);
  const image = `${TEST_IMAGE_REPOSITORY}:${hash}`;
  if (await imageExists(image)) return image;
  const rootfs = await mkdtemp(join(tmpdir(), "capstan-busybox-rootfs-"));
  try {
    await writeRootfs(rootfs, busybox, binary);
    await importRootfs(rootfs, image);
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
  return image;
}

/** True when the engine holds `image` locally (never pulls). */
export async function imageExists(image: string): Promise<boolean> {
  try {
    await docker(["image", "inspect", "--format", "{{.Id}}", image]);
    return true;
  } catch {
    return false;
  }
}

async function writeRootfs(root: string, busybox: string, binary: Buffer): Promise<void> {
  await mkdir(join(root, "bin"), { recursive: true });
  await writeFile(join(root, "bin/busybox"), binary, { mode: 0o755 });
  const applets = (await runHostBusybox(busybox, ["--list-full"])).split("\n").filter(Boolean);
  for (const applet of applets) {
    if (applet === "bin/busybox") continue;
    await mkdir(join(root, dirname(applet)), { recursive: true });
    await symlink("/bin/busybox", join(root, applet));
  }
  await mkdir(join(root, "etc"));
  await writeFile(
    join(root, "etc/passwd"),
    "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n",
  );
  await writeFile(join(root, "etc/group"), "root:x:0:\nnogroup:x:65534:\n");
  await mkdir(join(root, "root"), { mode: 0o700 });
  await mkdir(join(root, "tmp"));
  // mkdir's mode is masked by the umask; /tmp must be exactly 1777 (sticky, world-writable).
  await chmod(join(root, "tmp"), 0o1777);
}

function runHostBusybox(busybox: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(busybox, args, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

/** `tar -c rootfs | docker import - image`, owned by root whatever user builds it. */
function importRootfs(root: string, image: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn("tar", ["-C", root, "--numeric-owner", "--owner=0", "--group=0", "-cf", "-", "."], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const importer = spawn(DOCKER_CLI, ["import", "--change", 'CMD ["/bin/sh"]', "-", image], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    tar.stdout.pipe(importer.stdin);
    let stderr = "";
    tar.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    importer.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    tar.once("error", reject);
    importer.once("error", reject);
    importer.once("close", (code) => {
      if (code === 0) resolve();
      else reject(new DockerCliError(`docker import of ${image} failed (exit ${code}): ${stderr.trim()}`));
    });
  });
}

/**
 * Removes (forcefully, with their anonymous volumes) every container carrying `label` (`key` or `key=value`),
 * running or not; resolves with how many were removed. For test cleanup, in `afterEach`/`afterAll`.
 */
export async function removeLabelledContainers(label: string): Promise<number> {
  if (typeof label !== "string" || label.trim() === "") {
    throw new DockerCliError("removeLabelledContainers: label must be a non-empty `key` or `key=value`");
  }
  const ids = (await docker(["ps", "--all", "--quiet", "--no-trunc", "--filter", `label=${label}`]))
    .split("\n")
    .filter(Boolean);
  if (ids.length > 0) await docker(["rm", "--force", "--volumes", ...ids]);
  return ids.length;
}
