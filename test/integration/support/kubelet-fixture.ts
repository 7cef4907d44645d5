import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Pod, PodService } from "@capstan/api";
import { startTestApiServer, type TestApiServer } from "@capstan/apiserver/testing";
import { createGrpcClient } from "@capstan/client";
import {
  createKubeletComponent,
  type KubeletComponent,
  type KubeletExtras,
  kubeletConfig,
  LABEL,
} from "@capstan/kubelet";
import { loadConfig } from "@capstan/runtime";
import { ensureTestImage, removeLabelledContainers, waitFor } from "@capstan/testing";
import { silentLogger } from "./logger.js";

/** Labels every container of this test process, so cleanup finds what a crashed run left. */
export const TEST_RUN_LABEL = "io.capstan.test-run";

/** A running kubelet on a real Docker Engine against a real apiserver. */
export interface KubeletFixture {
  readonly nodeName: string;
  readonly port: number;
  /** Stops the kubelet (its containers keep running, as a killed kubelet's do). */
  stop(): Promise<void>;
}

/** Starts a kubelet for `nodeName` against `api`; pods are synced once it resolves. */
export async function startKubelet(
  api: TestApiServer,
  nodeName: string,
  runId: string,
  extras: KubeletExtras = {},
): Promise<KubeletFixture> {
  const loaded = loadConfig(kubeletConfig, {
    argv: [
      `--root-dir=${join(tmpdir(), `capstan-kubelet-${nodeName}`)}`,
      `--node-name=${nodeName}`,
      "--kubelet-port=0",
      `--apiserver-url=${api.restUrl}`,
      `--apiserver-grpc=${api.grpcAddress}`,
    ],
    env: {},
  });
  if (loaded.help) throw new Error("unexpected --help");
  const kubelet: KubeletComponent = createKubeletComponent(loaded.values, silentLogger, {
    containerLabels: { [TEST_RUN_LABEL]: runId },
    ...extras,
  });
  const controller = new AbortController();
  const running = kubelet.start(controller.signal);
  running.catch(() => {});
  const port = await kubelet.listening();
  return {
    nodeName,
    port,
    async stop() {
      controller.abort();
      await running;
    },
  };
}

/** An apiserver, one kubelet, the test image and a pod client; `close` removes every container of the run. */
export interface KubeletTestbed {
  readonly api: TestApiServer;
  readonly kubelet: KubeletFixture;
  readonly image: string;
  readonly runId: string;
  readonly pods: ReturnType<typeof createGrpcClient<typeof PodService>>;
  /** Creates a pod bound to the kubelet's node (no scheduler needed). */
  createPod(name: string, spec: Record<string, unknown>): Promise<Pod>;
  /** Waits until the pod satisfies `predicate`; returns it. */
  waitForPod(name: string, predicate: (pod: Pod) => boolean, timeoutMs?: number): Promise<Pod>;
  /** Waits until the container's log (read from the kubelet's port) satisfies `predicate`; returns it. */
  waitForLog(pod: string, container: string, predicate: (text: string) => boolean): Promise<string>;
  close(): Promise<void>;
}

export async function startKubeletTestbed(extras: KubeletExtras = {}): Promise<KubeletTestbed> {
  const runId = randomUUID().slice(0, 8);
  const image = await ensureTestImage();
  const api = await startTestApiServer();
  const nodeName = `kubelet-it-${runId}`;
  const kubelet = await startKubelet(api, nodeName, runId, extras);
  const pods = createGrpcClient(PodService, api.transport);
  return {
    api,
    kubelet,
    image,
    runId,
    pods,
    async createPod(name, spec) {
      await api.request("POST", "/api/v1/namespaces/default/pods", {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace: "default" },
        spec: { nodeName, terminationGracePeriodSeconds: 2, ...spec },
      });
      return pods.get({ namespace: "default", name });
    },
    waitForPod: (name, predicate, timeoutMs = 30_000) =>
      waitFor(
        async () => {
          const pod = await pods.get({ namespace: "default", name }).catch(() => undefined);
          return pod && predicate(pod) ? pod : undefined;
        },
        { timeoutMs, intervalMs: 100, description: `pod ${name}` },
      ),
    waitForLog: (pod, container, predicate) =>
      waitFor(
        async () => {
          const url = `http://127.0.0.1:${kubelet.port}/containerLogs/default/${pod}/${container}`;
          const response = await fetch(url);
          const text = await response.text();
          return response.ok && predicate(text) ? text : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 200, description: `log of ${pod}/${container}` },
      ),
    async close() {
      await kubelet.stop().catch(() => undefined);
      await removeLabelledContainers(`${TEST_RUN_LABEL}=${runId}`);
      await removeLabelledContainers(`${LABEL.node}=${nodeName}`);
      await api.stop();
    },
  };
}

/** The status of one container of a pod. */
export function containerStatus(pod: Pod, name: string) {
  return pod.status?.containerStatuses.find((status) => status.name === name);
}
