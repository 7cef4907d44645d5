import type { Stats } from "node:fs";
import { mkdir, open, stat } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { VolumeError } from "./volume-error.js";

/** What a hostPath `type` requires of the path. */
const CHECKS: Record<string, { what: string; test: (stats: Stats) => boolean }> = {
  Directory: { what: "a directory", test: (s) => s.isDirectory() },
  File: { what: "a file", test: (s) => s.isFile() },
  Socket: { what: "a socket", test: (s) => s.isSocket() },
  CharDevice: { what: "a character device", test: (s) => s.isCharacterDevice() },
  BlockDevice: { what: "a block device", test: (s) => s.isBlockDevice() },
};

/**
 * Applies a hostPath volume's type as Kubernetes does: "" checks nothing; DirectoryOrCreate and FileOrCreate
 * create what is missing (0755 directory, empty 0644 file; the parent of a file must exist); the others
 * require an existing path of that kind. Throws VolumeError with Kubernetes' wording.
 */
export async function checkHostPath(path: string, type: string | undefined): Promise<void> {
  if (!isAbsolute(path)) throw new VolumeError(`hostPath ${JSON.stringify(path)} must be an absolute path`);
  const kind = type ?? "";
  if (kind === "") return;
  if (kind === "DirectoryOrCreate") {
    await mkdir(path, { recursive: true, mode: 0o755 });
    return assertKind(path, "Directory");
  }
  if (kind === "FileOrCreate") {
    try {
      await (await open(path, "a", 0o644)).close();
    } catch (error) {
      throw new VolumeError(
        `hostPath type check failed: ${path}: ${error instanceof Error ? error.message : error}`,
      );
    }
    return assertKind(path, "File");
  }
  if (!(kind in CHECKS)) throw new VolumeError(`hostPath ${path}: unknown type ${JSON.stringify(kind)}`);
  return assertKind(path, kind);
}

async function assertKind(path: string, kind: string): Promise<void> {
  const check = CHECKS[kind];
  const stats = await stat(path).catch(() => undefined);
  if (!check || !stats || !check.test(stats)) {
    throw new VolumeError(`hostPath type check failed: ${path} is not ${check?.what ?? kind}`);
  }
}
