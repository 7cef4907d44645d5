import type { Pod } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";

/** The writes the scheduler makes, through the REST API (the gRPC PodService has no binding rpc). */
export interface ApiWriter {
  /** POSTs a Binding of the pod to the node (the binding subresource). */
  bind(pod: Pod, nodeName: string): Promise<void>;
  /** Sets the pod's PodScheduled condition to False/Unschedulable with `message` (status subresource). */
  markUnschedulable(pod: Pod, message: string): Promise<void>;
  /** Records an Event about the pod. */
  recordEvent(pod: Pod, type: "Normal" | "Warning", reason: string, message: string): Promise<void>;
}

/** Kubernetes' event name: the object's name, a dot, and the time in nanoseconds in hex. */
function eventName(objectName: string): string {
  const nanos = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
  return `${objectName}.${nanos.toString(16)}`;
}

function podPath(pod: Pod): string {
  const namespace = encodeURIComponent(pod.metadata?.namespace ?? "");
  return `/api/v1/namespaces/${namespace}/pods/${encodeURIComponent(pod.metadata?.name ?? "")}`;
}

/** Creates the writer for an apiserver at `restUrl` (`http://127.0.0.1:6443`); events name `component`. */
export function createApiWriter(restUrl: string, component: string): ApiWriter {
  let base: string;
  try {
    base = new URL(restUrl).origin;
  } catch (cause) {
    throw ApiError.badRequest(
      `restUrl must be an absolute URL, got ${JSON.stringify(restUrl)}: ${String(cause)}`,
    );
  }
  const send = async (method: string, path: string, body: unknown, contentType = "application/json") => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": contentType, accept: "application/json" },
      body: JSON.stringify(body),
    });
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
    const text = await response.text();
    let status: { reason?: string; message?: string } = {};
    try {
      status = JSON.parse(text) as typeof status;
    } catch {
      status = { message: text };
    }
    throw new ApiError({
      code: response.status,
      reason: status.reason ?? "Unknown",
      message: `${method} ${path}: ${status.message ?? response.statusText}`,
    });
  };
  return {
    bind: (pod, nodeName) =>
      send("POST", `${podPath(pod)}/binding`, {
        apiVersion: "v1",
        kind: "Binding",
        metadata: { name: pod.metadata?.name, namespace: pod.metadata?.namespace, uid: pod.metadata?.uid },
        target: { apiVersion: "v1", kind: "Node", name: nodeName },
      }),
    markUnschedulable: (pod, message) =>
      send(
        "PATCH",
        `${podPath(pod)}/status`,
        {
          status: {
            conditions: [
              {
                type: "PodScheduled",
                status: "False",
                reason: "Unschedulable",
                message,
                lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
              },
            ],
          },
        },
        "application/strategic-merge-patch+json",
      ),
    recordEvent(pod, type, reason, message) {
      const namespace = pod.metadata?.namespace ?? "";
      const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
      return send("POST", `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name: eventName(pod.metadata?.name ?? "pod"), namespace },
        involvedObject: {
          apiVersion: "v1",
          kind: "Pod",
          namespace,
          name: pod.metadata?.name,
          uid: pod.metadata?.uid,
          resourceVersion: pod.metadata?.resourceVersion,
        },
        type,
        reason,
        message,
        source: { component },
        reportingComponent: component,
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
      });
    },
  };
}
