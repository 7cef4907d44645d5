import { resolve } from "node:path";
import { createEventRecorder, createGrpcTransport } from "@capstan/client";
import {
  type ConfigValues,
  createMetricsRegistry,
  type Logger,
  type Runnable,
  runTogether,
} from "@capstan/runtime";
import { createGrpcLookups } from "../env/index.js";
import { ensureSandboxImage } from "../images/index.js";
import { createNodeAgent } from "../node/index.js";
import { createPodManager, type PodHooks } from "../pods/index.js";
import { startProbeWorker } from "../probes/index.js";
import { createDockerRuntime } from "../runtime/index.js";
import { createKubeletServer } from "../server/index.js";
import { createPodHooks } from "../volumes/index.js";
import type { kubeletConfig } from "./kubelet-config.js";

/** What tests (and `capstan up`) may add to the configuration. */
export interface KubeletExtras {
  /** Labels added to every container (a test run's id, so its cleanup finds them). */
  readonly containerLabels?: Record<string, string>;
  /** CrashLoopBackOff delays (Kubernetes' 10 s doubling to 300 s by default). */
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
  /** Env and volume hooks (default: resolveEnv and the volume module over the apiserver). */
  readonly hooks?: PodHooks;
}

/** The kubelet of one node: node registration and heartbeat, the pods on Docker, and its HTTP port. */
export interface KubeletComponent extends Runnable {
  /** The port the kubelet's HTTP endpoint listens on, once it does (useful with port 0). */
  listening(): Promise<number>;
}

/**
 * Creates the kubelet from its configuration. It starts even when Docker is unreachable: the node then
 * reports Ready=False with the reason, and pods wait until the engine answers.
 */
export function createKubeletComponent(
  values: ConfigValues<typeof kubeletConfig>,
  logger: Logger,
  extras: KubeletExtras = {},
): KubeletComponent {
  const nodeName = values.nodeName;
  const transport = createGrpcTransport({ address: values.apiserverGrpc });
  const runtime = createDockerRuntime({ socketPath: values.dockerSocket });
  const recorder = createEventRecorder({ transport, component: "kubelet", host: nodeName, logger });
  const log = logger.child({ node: nodeName });
  const pods = createPodManager({
    transport,
    runtime,
    settings: {
      nodeName,
      clusterDNS: values.clusterDns,
      clusterDomain: values.clusterDomain,
      allowPrivileged: values.allowPrivileged,
      extraLabels: extras.containerLabels ?? {},
    },
    hostIP: values.nodeIp,
    sandboxImage: () => ensureSandboxImage(runtime, values.sandboxImage),
    recorder,
    logger: log,
    workers: values.podWorkers,
    hooks:
      extras.hooks ??
      createPodHooks({
        rootDir: resolve(values.rootDir),
        lookups: createGrpcLookups(transport),
        nodeName,
        hostIP: values.nodeIp,
      }),
    startProbe: (probe) =>
      void startProbeWorker({
        ...probe,
        onChange: (healthy, result) => probe.onChange(healthy, result.message),
      }),
    ...(extras.backoffInitialMs ? { backoffInitialMs: extras.backoffInitialMs } : {}),
    ...(extras.backoffMaxMs ? { backoffMaxMs: extras.backoffMaxMs } : {}),
  });
  const server = createKubeletServer({
    runtime,
    nodeName,
    pods: pods.pods.lister,
    host: values.nodeIp,
    port: values.kubeletPort,
    registry: createMetricsRegistry({ component: "kubelet" }),
    logger: log,
    dockerCheck: () => runtime.ping(),
  });
  return {
    name: "kubelet",
    listening: () => server.listening(),
    async start(signal) {
      // The server stops with the rest when the node agent or the pods fail.
      const inner = new AbortController();
      const stop = () => inner.abort();
      signal.addEventListener("abort", stop, { once: true });
      const serving = server.start(inner.signal);
      try {
        // The node must advertise the port the server really listens on (port 0 picks one).
        const port = await Promise.race([
          server.listening(),
          serving.then(() => Promise.reject(new Error("the kubelet server stopped before it listened"))),
        ]);
        const node = createNodeAgent({
          nodeName,
          transport,
          logger: log,
          runtime,
          address: values.nodeIp,
          kubeletPort: port,
          maxPods: values.maxPods,
          ...(values.cpu ? { cpu: values.cpu } : {}),
          ...(values.memory ? { memory: values.memory } : {}),
        });
        await runTogether("kubelet", [node, pods]).start(inner.signal);
      } finally {
        inner.abort();
        signal.removeEventListener("abort", stop);
        await serving.catch(() => undefined);
        await recorder.flush();
        transport.close();
      }
    },
  };
}
