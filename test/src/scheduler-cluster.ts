import { EventService, PodService } from "@capstan/api";
import { startTestApiServer, type TestApiServer } from "@capstan/apiserver/testing";
import { createGrpcClient } from "@capstan/client";
import { type HollowNodes, type HollowNodesOptions, startHollowNodes } from "@capstan/hollow-node";
import { createLogger, type Logger } from "@capstan/runtime";
import { createScheduler } from "@capstan/scheduler";
import { waitFor } from "@capstan/testing";

/** Silent unless CAPSTAN_TEST_LOG names a level. */
export const schedulerTestLogger: Logger = createLogger({
  component: "scheduler-it",
  level: process.env.CAPSTAN_TEST_LOG ?? "silent",
  destination: process.stderr,
});

/** Hollow-node options without the transport and logger, which the cluster supplies. */
export type NodeGroupOptions = Omit<HollowNodesOptions, "transport" | "logger">;

/** A real apiserver (SQLite), hollow nodes, and the real scheduler in this process. */
export interface SchedulerCluster {
  readonly api: TestApiServer;
  /** Starts (more) hollow nodes: a node joining the cluster. */
  addNodes(options: NodeGroupOptions): Promise<HollowNodes>;
  /** Creates a pod in `default` from a manifest's `spec` (a container `app` is added when none is given). */
  createPod(name: string, spec?: Record<string, unknown>, metadata?: Record<string, unknown>): Promise<void>;
  /** Waits until the pod is bound and returns its node. */
  nodeOf(name: string, timeoutMs?: number): Promise<string>;
  /** Waits until the pod carries PodScheduled=False/Unschedulable and returns that condition's message. */
  unschedulableMessage(name: string): Promise<string>;
  /** The pod's node now ("" while pending). */
  currentNode(name: string): Promise<string>;
  /** `reason: message` of every Event about the pod. */
  eventsAbout(name: string): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Starts the apiserver and, unless `withScheduler` is false (tests that run the scheduler app themselves),
 * the scheduler; no nodes yet, unless `nodes` is given.
 */
export async function startSchedulerCluster(
  nodes?: NodeGroupOptions,
  withScheduler = true,
): Promise<SchedulerCluster> {
  const api = await startTestApiServer({ logger: schedulerTestLogger });
  const groups: HollowNodes[] = [];
  const background = new AbortController();
  const scheduling = withScheduler
    ? createScheduler({ transport: api.transport, restUrl: api.restUrl, logger: schedulerTestLogger }).start(
        background.signal,
      )
    : Promise.resolve();
  scheduling.catch(() => {});
  const pods = createGrpcClient(PodService, api.transport);
  const getPod = (name: string) => pods.get({ namespace: "default", name });

  const cluster: SchedulerCluster = {
    api,
    async addNodes(options) {
      const group = await startHollowNodes({
        heartbeatIntervalMs: 2_000,
        ...options,
        transport: api.transport,
        logger: schedulerTestLogger,
      });
      groups.push(group);
      return group;
    },
    async createPod(name, spec = {}, metadata = {}) {
      const containers = spec.containers ?? [{ name: "app", image: "registry.local/app:1" }];
      await api.request("POST", "/api/v1/namespaces/default/pods", {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, ...metadata },
        spec: { ...spec, containers },
      });
    },
    nodeOf: (name, timeoutMs = 10_000) =>
      waitFor(async () => (await getPod(name)).spec?.nodeName || undefined, {
        description: `pod ${name} bound`,
        timeoutMs,
      }),
    unschedulableMessage: (name) =>
      waitFor(
        async () => {
          const condition = (await getPod(name)).status?.conditions.find((c) => c.type === "PodScheduled");
          return condition?.status === "False" && condition.reason === "Unschedulable"
            ? condition.message
            : undefined;
        },
        { description: `pod ${name} marked Unschedulable` },
      ),
    currentNode: async (name) => (await getPod(name)).spec?.nodeName ?? "",
    async eventsAbout(name) {
      const events = await createGrpcClient(EventService, api.transport).list({
        namespace: "default",
        fieldSelector: `involvedObject.name=${name}`,
      });
      return events.items.map((event) => `${event.reason}: ${event.message}`);
    },
    async stop() {
      background.abort();
      await scheduling.catch(() => {});
      await Promise.all(groups.map((group) => group.stop()));
      await api.stop();
    },
  };
  if (nodes) await cluster.addNodes(nodes);
  return cluster;
}
