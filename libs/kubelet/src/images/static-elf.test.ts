import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isStaticElf } from "./static-elf.js";

describe("isStaticElf", () => {
  it("tells Debian's static busybox from a dynamically linked binary and from non-ELF data", () => {
    expect(isStaticElf(readFileSync("/bin/busybox"))).toBe(true);
    expect(isStaticElf(readFileSync("/bin/true"))).toBe(false);
    expect(isStaticElf(new TextEncoder().encode("#!/bin/sh\necho not elf\n".padEnd(80)))).toBe(false);
    expect(isStaticElf(new Uint8Array(3))).toBe(false);
  });
});
