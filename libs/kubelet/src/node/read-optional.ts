import { readFile } from "node:fs/promises";

/** A small system file's text, or "" when it cannot be read (a container or another OS may lack it). */
export async function readOptional(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return "";
  }
}
