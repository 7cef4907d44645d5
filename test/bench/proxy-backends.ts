/**
 * The benchmark's backends, in a process of their own: one small HTTP server per port given on the command
 * line, all on 127.0.0.1 and one event loop, each answering `GET /` with its name. Prints `READY` once all
 * listen.
 */
import { createServer } from "node:http";

const ports = process.argv.slice(2).map(Number);
if (ports.length === 0 || ports.some((port) => !Number.isInteger(port) || port <= 0 || port > 65_535)) {
  console.error("usage: proxy-backends.ts PORT...");
  process.exit(2);
}
await Promise.all(
  ports.map(
    (port, index) =>
      new Promise<void>((resolve, reject) => {
        const body = `backend-${index}\n`;
        const server = createServer((_, response) => {
          response.writeHead(200, {
            "content-type": "text/plain",
            "content-length": Buffer.byteLength(body),
          });
          response.end(body);
        });
        server.keepAliveTimeout = 60_000;
        server.once("error", reject);
        server.listen(port, "127.0.0.1", resolve);
      }),
  ),
);
console.log("READY");
process.on("SIGTERM", () => process.exit(0));
