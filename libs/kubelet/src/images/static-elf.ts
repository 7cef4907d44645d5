/** True when `binary` is an ELF executable with no program interpreter (statically linked: runs with no libc). */
export function isStaticElf(binary: Uint8Array): boolean {
  const view = new DataView(binary.buffer, binary.byteOffset, binary.byteLength);
  if (binary.length < 64 || view.getUint32(0) !== 0x7f454c46) return false;
  const is64 = binary[4] === 2;
  const little = binary[5] === 1;
  const u16 = (offset: number) => view.getUint16(offset, little);
  const u32 = (offset: number) => view.getUint32(offset, little);
  const programHeaders = is64 ? Number(view.getBigUint64(32, little)) : u32(28);
  const entrySize = u16(is64 ? 54 : 42);
  const entries = u16(is64 ? 56 : 44);
  const PT_INTERP = 3;
  for (let index = 0; index < entries; index++) {
    const offset = programHeaders + index * entrySize;
    if (offset + 4 > binary.length) return false;
    if (u32(offset) === PT_INTERP) return false;
  }
  return true;
}
