export {
  DEFAULT_SANDBOX_IMAGE,
  ensureSandboxImage,
  SANDBOX_ENTRYPOINT,
  SandboxImageError,
  type SandboxImageOptions,
  sandboxRootfs,
} from "./sandbox-image.js";
export { isStaticElf } from "./static-elf.js";
export { createTarArchive, TarArchiveError, type TarEntry } from "./tar-archive.js";
