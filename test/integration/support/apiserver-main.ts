/**
 * The apiserver component in its own process, for tests that stop, kill and restart it and for the
 * benchmark: REST and gRPC on free loopback ports over the SQLite store of `--data-dir`, publishing the
 * change feed to NATS when `--nats` is given. Prints `READY <url> <grpc host:port>` on stdout once every
 * part serves; SIGTERM stops it cleanly (exit 0). If it cannot start (e.g. another apiserver holds the
 * SQLite file) it logs the reason and exits 1.
 *
 * Run: node --conditions=development --import tsx test/integration/support/apiserver-main.ts --data-dir DIR [--nats URL]
 */
import { parseArgs } from "node:util";
import { createLogger, runMain } from "@capstan/runtime";
import { createTestComponent } from "./api-server.js";

const { values } = parseArgs({ options: { "data-dir": { type: "string" }, nats: { type: "string" } } });
const dataDir = values["data-dir"];
const logger = createLogger({
  component: "apiserver",
  level: process.env.CAPSTAN_TEST_LOG ?? "warn",
  destination: process.stderr,
});
if (!dataDir) {
  logger.error("--data-dir is required");
  process.exit(1);
}
const component = createTestComponent({ dataDir, natsUrl: values.nats });
component.ready().then(
  (endpoints) => process.stdout.write(`READY ${endpoints.url} ${endpoints.grpc}\n`),
  () => {},
);
await runMain({ logger, runnables: [component], shutdownTimeoutMs: 10_000 });
