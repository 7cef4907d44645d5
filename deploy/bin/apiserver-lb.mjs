// @ts-check
// `capstan apiserver-lb --route 0.0.0.0:6443=apiserver:6443 [--route LISTEN=BACKEND[,BACKEND...]]...`:
// the published addresses of the compose cluster. Each route spreads its connections over every address
// its backend names resolve to (one per apiserver replica through Docker's DNS) and skips the ones that are
// down. Stops on SIGTERM/SIGINT (it runs as PID 1).
import { parseArgs } from "node:util";
import { createTcpBalancer, parseBackendName, resolveBackends } from "./tcp-balancer.mjs";

/** @param {object} fields @param {string} msg */
const log = (fields, msg) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), component: "apiserver-lb", msg, ...fields }));

/** @param {string} text */
function parseRoute(text) {
  const [listen, backends] = text.split("=");
  if (!listen || !backends)
    throw new RangeError(`--route must be LISTEN=BACKEND[,BACKEND...], got "${text}"`);
  return { listen: parseBackendName(listen), backends: backends.split(",").map(parseBackendName) };
}

try {
  const { values } = parseArgs({
    options: {
      route: { type: "string", multiple: true, default: ["0.0.0.0:6443=apiserver:6443"] },
      "refresh-ms": { type: "string", default: "2000" },
    },
  });
  const refreshMs = Number(values["refresh-ms"]);
  if (!Number.isInteger(refreshMs) || refreshMs < 100) {
    throw new RangeError(`--refresh-ms must be an integer >= 100, got "${values["refresh-ms"]}"`);
  }
  const balancers = [];
  for (const route of values.route.map(parseRoute)) {
    const balancer = createTcpBalancer({ resolve: () => resolveBackends(route.backends), refreshMs, log });
    const port = await balancer.listen(route.listen.name, route.listen.port);
    balancers.push(balancer);
    log({ address: `${route.listen.name}:${port}`, backends: route.backends }, "route listening");
  }
  const stop = async (/** @type {string} */ signal) => {
    log({ signal }, "stopping");
    await Promise.all(balancers.map((balancer) => balancer.close()));
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
} catch (error) {
  console.error(`apiserver-lb: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
