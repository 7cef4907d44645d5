/**
 * A minimal ustar writer for image root filesystems: directories, regular files and symbolic links, owned by
 * root, built in memory (a sandbox rootfs is a few MB). Written here rather than taken from npm because the
 * kubelet needs three entry types and nothing else.
 */

/** One entry of a root filesystem. Paths are relative (`bin/sh`), at most 100 bytes. */
export type TarEntry =
  | { readonly type: "directory"; readonly path: string; readonly mode: number }
  | { readonly type: "file"; readonly path: string; readonly mode: number; readonly content: Uint8Array }
  | { readonly type: "symlink"; readonly path: string; readonly target: string };

/** Input a tar archive cannot hold (a path or link target too long, a bad mode). */
export class TarArchiveError extends Error {
  override readonly name = "TarArchiveError";
}

const BLOCK = 512;
const NAME_LENGTH = 100;
const TYPE_FLAG = { file: "0", symlink: "2", directory: "5" } as const;

/** The archive as one buffer: a header (and padded content) per entry, then two zero blocks. */
export function createTarArchive(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = entry.type === "file" ? Buffer.from(entry.content) : Buffer.alloc(0);
    parts.push(header(entry, content.length));
    if (content.length > 0) {
      parts.push(content, Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK));
    }
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

function header(entry: TarEntry, size: number): Buffer {
  const path = entry.type === "directory" && !entry.path.endsWith("/") ? `${entry.path}/` : entry.path;
  if (path.length === 0 || path.startsWith("/") || Buffer.byteLength(path) > NAME_LENGTH) {
    throw new TarArchiveError(`tar entry path must be relative and at most ${NAME_LENGTH} bytes: ${path}`);
  }
  const mode = entry.type === "symlink" ? 0o777 : entry.mode;
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
    throw new TarArchiveError(`tar entry ${path}: invalid mode ${mode}`);
  }
  const block = Buffer.alloc(BLOCK);
  block.write(path, 0, NAME_LENGTH, "utf8");
  octal(block, 100, 8, mode);
  octal(block, 108, 8, 0); // uid root
  octal(block, 116, 8, 0); // gid root
  octal(block, 124, 12, size);
  octal(block, 136, 12, 0); // mtime: fixed, so the same rootfs makes the same layer
  block.write(TYPE_FLAG[entry.type], 156, 1, "ascii");
  if (entry.type === "symlink") {
    if (Buffer.byteLength(entry.target) > NAME_LENGTH || entry.target.length === 0) {
      throw new TarArchiveError(`tar entry ${path}: link target must be 1-${NAME_LENGTH} bytes`);
    }
    block.write(entry.target, 157, NAME_LENGTH, "utf8");
  }
  block.write("ustar\u000000", 257, 8, "ascii");
  block.write("root", 265, 32, "ascii");
  block.write("root", 297, 32, "ascii");
  // The checksum is computed with its own field read as eight spaces.
  block.fill(" ", 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, 8, "ascii");
  return block;
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, "0")}\u0000`, offset, length, "ascii");
}
