// `npm run bench:e2e`: the time to start, scale and remove the same workload on the same Docker Engine, by
// raw Docker (Engine API, the physical floor) and Docker Swarm (the peer). Flags: --replicas=N (default 50;
// the scale phase doubles it), --concurrency=N for raw Docker (default 8). Results: test/bench/results/.
// The Capstan part (a Deployment of the same image through the compose cluster) is not written yet.
import { mkdir, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { ensureTestImage } from "@capstan/testing";
import { benchRawDocker } from "./e2e-raw.js";
import { benchSwarm } from "./e2e-swarm.js";

const { values } = parseArgs({
  options: { replicas: { type: "string", default: "50" }, concurrency: { type: "string", default: "8" } },
});
const replicas = Number(values.replicas);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(replicas) || replicas < 1 || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error("bench:e2e: --replicas and --concurrency must be positive integers");
  process.exit(2);
}

const image = await ensureTestImage();
const command = ["sleep", "3600"];
const label = `io.capstan.bench-e2e.${process.pid}`;
const raw = await benchRawDocker({ image, command, replicas, concurrency, label });
console.log(
  `raw docker: ${replicas} started in ${raw.start?.toFixed(1)} s, removed in ${raw.remove?.toFixed(1)} s`,
);
const swarm = await benchSwarm({ image, command, replicas, scaledReplicas: replicas * 2, label });
console.log(
  `docker swarm: ${replicas} running in ${swarm.start?.toFixed(1)} s, scaled to ${replicas * 2} in ${swarm.scale?.toFixed(1)} s, removed in ${swarm.remove?.toFixed(1)} s`,
);

const results = {
  benchmark: "e2e",
  date: new Date().toISOString(),
  image,
  replicas,
  concurrency,
  raw,
  swarm,
};
const dir = new URL("./results/", import.meta.url);
await mkdir(dir, { recursive: true });
await writeFile(
  new URL(`e2e-${results.date.slice(0, 10)}.json`, dir),
  `${JSON.stringify(results, null, 2)}\n`,
);
