import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { demuxBuffer, demuxStream } from "./docker-frames.js";

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe("docker frames", () => {
  it("joins stdout and stderr payloads of a buffer in order", () => {
    expect(demuxBuffer(Buffer.concat([frame(1, "a\n"), frame(2, "b\n")])).toString()).toBe("a\nb\n");
  });

  it("reassembles frames split across chunks of a stream", async () => {
    const input = new PassThrough();
    const out = demuxStream(input);
    const chunks: Buffer[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk));
    const all = Buffer.concat([frame(1, "hello "), frame(2, "world")]);
    input.write(all.subarray(0, 5));
    input.write(all.subarray(5, 17));
    input.end(all.subarray(17));
    await new Promise((resolve) => out.on("end", resolve));
    expect(Buffer.concat(chunks).toString()).toBe("hello world");
  });
});
