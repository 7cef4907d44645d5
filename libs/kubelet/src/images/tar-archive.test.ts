import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createTarArchive, TarArchiveError } from "./tar-archive.js";

describe("createTarArchive", () => {
  it("writes directories, files and symlinks that GNU tar lists with modes and root ownership", () => {
    const archive = createTarArchive([
      { type: "directory", path: "bin", mode: 0o755 },
      { type: "file", path: "bin/tool", mode: 0o755, content: new TextEncoder().encode("x".repeat(513)) },
      { type: "symlink", path: "bin/sh", target: "/bin/tool" },
      { type: "directory", path: "tmp", mode: 0o1777 },
    ]);
    expect(archive.length % 512).toBe(0);
    const listing = execFileSync("tar", ["-tvf", "-", "--numeric-owner"], { input: archive }).toString();
    const lines = listing
      .trim()
      .split("\n")
      .map((line) => line.split(/\s+/));
    expect(lines.map((fields) => [fields[0], fields[1], fields[2], fields[5]])).toEqual([
      ["drwxr-xr-x", "0/0", "0", "bin/"],
      ["-rwxr-xr-x", "0/0", "513", "bin/tool"],
      ["lrwxrwxrwx", "0/0", "0", "bin/sh"],
      ["drwxrwxrwt", "0/0", "0", "tmp/"],
    ]);
    expect(listing).toContain("bin/sh -> /bin/tool");
  });

  it("refuses absolute or overlong paths and bad modes", () => {
    expect(() => createTarArchive([{ type: "directory", path: "/etc", mode: 0o755 }])).toThrow(
      TarArchiveError,
    );
    expect(() => createTarArchive([{ type: "directory", path: "a".repeat(101), mode: 0o755 }])).toThrow(
      TarArchiveError,
    );
    expect(() => createTarArchive([{ type: "directory", path: "etc", mode: 0o17777 }])).toThrow(
      /invalid mode/,
    );
  });
});
