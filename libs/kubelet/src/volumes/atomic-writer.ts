import { randomBytes } from "node:crypto";
import {
  chmod,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { dirname, join, normalize, sep } from "node:path";
import { VolumeError } from "./volume-error.js";

/** A file of a projected volume: content and mode, at a relative path. */
export interface ProjectedFile {
  readonly content: Uint8Array;
  readonly mode: number;
}

const DATA_LINK = "..data";
const VERSION_PREFIX = "..v";

/**
 * Writes `files` into `dir` so a container that has `dir` mounted sees either the old or the new set, never a
 * mix, as Kubernetes' atomic writer does: the files go to a fresh hidden version directory, `..data` is
 * switched to it by one rename of a symlink, and each top-level name is a symlink through `..data`. Old
 * versions and names no longer present are removed afterwards. Does nothing when the content is unchanged.
 */
export async function writeAtomically(dir: string, files: ReadonlyMap<string, ProjectedFile>): Promise<void> {
  for (const path of files.keys()) assertRelative(path);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const current = await readlink(join(dir, DATA_LINK)).catch(() => undefined);
  if (current && (await sameContent(join(dir, current), files))) return;

  const version = `${VERSION_PREFIX}${Date.now()}.${randomBytes(4).toString("hex")}`;
  const versionDir = join(dir, version);
  await mkdir(versionDir, { mode: 0o755 });
  for (const [path, file] of files) {
    await mkdir(dirname(join(versionDir, path)), { recursive: true, mode: 0o755 });
    await writeFile(join(versionDir, path), file.content);
    // writeFile's mode is masked by the umask; the volume's mode must be exact.
    await chmod(join(versionDir, path), file.mode);
  }
  const tmpLink = join(dir, `${DATA_LINK}_tmp`);
  await rm(tmpLink, { force: true });
  await symlink(version, tmpLink);
  await rename(tmpLink, join(dir, DATA_LINK));

  const topNames = new Set([...files.keys()].map((path) => path.split("/")[0] ?? path));
  for (const name of topNames) {
    const link = join(dir, name);
    const existing = await lstat(link).catch(() => undefined);
    if (existing?.isSymbolicLink()) continue;
    if (existing) await rm(link, { recursive: true, force: true });
    await symlink(join(DATA_LINK, name), link);
  }
  for (const entry of await readdir(dir)) {
    if (entry === DATA_LINK || entry === version) continue;
    if (entry.startsWith(VERSION_PREFIX) || !topNames.has(entry)) {
      await rm(join(dir, entry), { recursive: true, force: true });
    }
  }
}

/** Paths from the API (items[].path, subPath) must stay inside the volume. */
export function assertRelative(path: string): void {
  const clean = normalize(path);
  if (path === "" || path.startsWith("/") || clean.startsWith("..") || clean.split(sep).includes("..")) {
    throw new VolumeError(`path ${JSON.stringify(path)} must be relative and must not contain '..'`);
  }
  if (path.split("/")[0]?.startsWith(".."))
    throw new VolumeError(`path ${JSON.stringify(path)} must not start with '..'`);
}

async function sameContent(versionDir: string, files: ReadonlyMap<string, ProjectedFile>): Promise<boolean> {
  try {
    for (const [path, file] of files) {
      const [content, info] = await Promise.all([
        readFile(join(versionDir, path)),
        stat(join(versionDir, path)),
      ]);
      if ((info.mode & 0o7777) !== file.mode || !Buffer.from(file.content).equals(content)) return false;
    }
    return (await countFiles(versionDir)) === files.size;
  } catch {
    return false;
  }
}

async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).length;
}
