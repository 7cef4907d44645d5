import { PassThrough, type Readable } from "node:stream";

/**
 * Docker multiplexes stdout and stderr of a container without a TTY into frames: 1 byte stream id, 3 zero
 * bytes, a 4-byte big-endian length, the payload. These helpers join both streams' payloads in order.
 */
const HEADER = 8;

/** The payloads of a complete buffer of frames, joined (what a non-follow logs call returns). */
export function demuxBuffer(buffer: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + HEADER <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + HEADER, offset + HEADER + size));
    offset += HEADER + size;
  }
  return Buffer.concat(parts);
}

/** A readable of the payloads of a framed stream, as they arrive (for `logs -f` and exec output). */
export function demuxStream(framed: NodeJS.ReadableStream): Readable {
  const out = new PassThrough();
  let pending: Buffer = Buffer.alloc(0);
  framed.on("data", (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= HEADER) {
      const size = pending.readUInt32BE(4);
      if (pending.length < HEADER + size) break;
      out.write(pending.subarray(HEADER, HEADER + size));
      pending = pending.subarray(HEADER + size);
    }
  });
  framed.on("end", () => out.end());
  framed.on("error", (error: Error) => out.destroy(error));
  out.on("close", () => {
    const destroyable = framed as NodeJS.ReadableStream & { destroy?: () => void };
    destroyable.destroy?.();
  });
  return out;
}
