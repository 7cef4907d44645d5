import { setMaxListeners } from "node:events";
import { LeaseService, NodeService, type Pod, PodService } from "@capstan/api";
import {
  createGrpcClient,
  createGrpcSource,
  createInformer,
  createWorkQueue,
  ensureNodeLeaseNamespace,
  keyOf,
  runWorkers,
} from "@capstan/client";
import { abortableDelay } from "@capstan/runtime";
import { hostIpOf } from "./addresses.js";
import { type HollowNode, newHollowNode } from "./hollow-node.js";
import { mapLimit } from "./map-limit.js";
import { renewLease } from "./node-lease.js";
import { nodeObject } from "./node-object.js";
import { registerNode } from "./node-registration.js";
import { HollowNodeConfigError, type HollowNodesOptions, resolveOptions } from "./options.js";
import { createPodRunner } from "./pod-runner.js";

/** A running group of simulated nodes. */
export interface HollowNodes {
  /** The nodes' names, in index order. */
  readonly names: readonly string[];
  /**
   * Stops one node (it goes silent: its Lease is no longer renewed and its pods are left as they are, as
   * when a machine dies), or, without a name, the whole group. Resolves once stopped. The Node objects stay.
   */
  stop(name?: string): Promise<void>;
}

/**
 * Starts `count` simulated nodes in the spirit of Kubernetes' kubemark hollow nodes, and resolves once every
 * Node is registered, its Lease written and the pod informer synced. Each node:
 * - registers a Node (capacity = allocatable, Ready=True with reason KubeletReady, addresses, hostname/os/arch
 *   labels, optional zone label and taints);
 * - renews a Lease in `kube-node-lease` (created if missing) every `heartbeatIntervalMs`;
 * - marks pods bound to it Running and Ready (conditions, a pod IP from its own range, host IP, start time,
 *   running container statuses), through UpdateStatus, retrying on conflicts;
 * - completes the deletion of its pods that have a deletionTimestamp (a delete with grace 0).
 * One pod informer (field selector `spec.nodeName!=`) and one work queue serve the whole group, so thousands
 * of nodes cost a map entry each, not a watch each. Throws {@link HollowNodeConfigError} on bad options.
 */
export async function startHollowNodes(options: HollowNodesOptions): Promise<HollowNodes> {
  const config = resolveOptions(options);
  const logger = config.logger.child({ component: "hollow-nodes" });
  const controller = new AbortController();
  const { signal } = controller;
  // Every call in flight (up to `concurrency` workers, heartbeats, registrations) listens on this one signal.
  setMaxListeners(0, signal);
  const nodes = new Map<string, HollowNode>();
  for (let index = 0; index < config.count; index++) {
    const name = `${config.namePrefix}${index}`;
    nodes.set(name, newHollowNode(index, name, hostIpOf(index)));
  }
  const all = [...nodes.values()];
  const leases = createGrpcClient(LeaseService, config.transport);
  const nodeClient = createGrpcClient(NodeService, config.transport);

  const pods = createInformer<Pod>({
    source: createGrpcSource(createGrpcClient(PodService, config.transport), {
      fieldSelector: "spec.nodeName!=",
      description: "pods on hollow nodes",
    }),
    logger,
  });
  const queue = createWorkQueue();
  pods.addHandler((change) => {
    if (nodes.has(change.object.spec?.nodeName ?? "")) queue.add(keyOf(change.object));
  });
  const reconcilePod = createPodRunner(config.transport, pods.lister, nodes, logger);

  const heartbeat = async () => {
    // One sweep per interval, a slice of `concurrency` nodes at a time, spread evenly over the interval.
    const slices = Math.ceil(all.length / config.concurrency);
    const pause = config.heartbeatIntervalMs / slices;
    while (!signal.aborted) {
      for (let slice = 0; slice < slices && !signal.aborted; slice++) {
        const started = Date.now();
        const batch = all.slice(slice * config.concurrency, (slice + 1) * config.concurrency);
        await Promise.all(
          batch
            .filter((node) => !node.stopped)
            .map((node) =>
              renewLease(leases, node, signal).catch((error: unknown) => {
                if (!signal.aborted) logger.warn({ err: error, node: node.name }, "lease renewal failed");
              }),
            ),
        );
        await abortableDelay(Math.max(0, pause - (Date.now() - started)), signal);
      }
    }
  };

  let running: Promise<unknown> | undefined;
  try {
    await ensureNodeLeaseNamespace(config.transport, signal);
    await mapLimit(all, config.concurrency, async (node) => {
      await registerNode(nodeClient, node, nodeObject(config, node.index, node.name), signal);
      await renewLease(leases, node, signal);
    });
    const informer = pods.start(signal);
    running = Promise.all([
      informer,
      runWorkers(queue, config.concurrency, reconcilePod, signal, { name: "hollow-pods", logger }),
      abortableDelay(config.heartbeatIntervalMs, signal).then(heartbeat),
    ]);
    running.catch((error: unknown) => logger.error({ err: error }, "hollow nodes failed"));
    await pods.waitForSync(signal);
  } catch (error) {
    controller.abort();
    await running?.catch(() => undefined);
    throw error;
  }
  logger.info({ nodes: all.length }, "hollow nodes registered");

  return {
    names: all.map((node) => node.name),
    async stop(name) {
      if (name === undefined) {
        controller.abort();
        await running?.catch(() => undefined);
        return;
      }
      const node = nodes.get(name);
      if (!node) throw new HollowNodeConfigError("name", `no hollow node named ${JSON.stringify(name)}`);
      node.stopped = true;
    },
  };
}
