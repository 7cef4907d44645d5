import type { Node, Pod } from "@capstan/api";
import { findResource } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { ObjectStorage } from "../../registry/object-storage.js";
import type { ApiRequest } from "../api-request.js";

/** The query parameters of pods/log the kubelet understands, passed through as they came. */
const PASSED_THROUGH = ["follow", "tailLines", "sinceSeconds", "timestamps", "previous"] as const;

/**
 * GET pods/<name>/log: proxies to the kubelet of the pod's node, found from the Node's InternalIP and
 * status.daemonEndpoints.kubeletEndpoint.port, streaming its answer (and following with `follow=true`).
 * The container defaults to the pod's only one; errors use Kubernetes' wording.
 */
export async function handleLog(request: ApiRequest, name: string): Promise<void> {
  const pod = (await request.registry.get(request.namespace, name)) as Pod;
  const nodeName = pod.spec?.nodeName ?? "";
  if (nodeName === "") throw ApiError.badRequest(`pod ${name} does not have a host assigned`);
  const query = new URL(request.req.url ?? "/", "http://apiserver").searchParams;
  const container = containerOf(pod, name, query.get("container") ?? "");
  const kubelet = await kubeletAddress(request, nodeName, name);
  const target = new URL(
    `/containerLogs/${encodeURIComponent(request.namespace)}/${encodeURIComponent(name)}/${encodeURIComponent(container)}`,
    `http://${kubelet}`,
  );
  for (const key of PASSED_THROUGH) {
    const value = query.get(key);
    if (value !== null) target.searchParams.set(key, value);
  }
  let response: Response;
  try {
    response = await fetch(target, { signal: request.signal });
  } catch (cause) {
    throw ApiError.serviceUnavailable(
      `cannot reach the kubelet of node ${nodeName} at ${kubelet}: ${String(cause)}`,
    );
  }
  if (!response.ok || !response.body) {
    const text = (await response.text()).trim();
    throw new ApiError({
      code: response.status === 404 ? 400 : response.status,
      reason: "BadRequest",
      message: text,
    });
  }
  const { res } = request;
  res.writeHead(200, { "content-type": "text/plain", "cache-control": "no-cache" });
  res.flushHeaders();
  try {
    for await (const chunk of response.body) res.write(chunk);
  } catch {
    // The client or the kubelet went away: end what was sent.
  }
  res.end();
}

/** The container to read: the named one, or the pod's only one. */
function containerOf(pod: Pod, podName: string, requested: string): string {
  const names = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
  if (requested) {
    if (!names.includes(requested))
      throw ApiError.badRequest(`container ${requested} is not valid for pod ${podName}`);
    return requested;
  }
  const apps = (pod.spec?.containers ?? []).map((c) => c.name);
  if (apps.length === 1 && apps[0]) return apps[0];
  throw ApiError.badRequest(
    `a container name must be specified for pod ${podName}, choose one of: [${apps.join(" ")}]`,
  );
}

/** `host:port` of a node's kubelet, from its Node object. */
async function kubeletAddress(request: ApiRequest, nodeName: string, podName: string): Promise<string> {
  const nodeType = findResource("", "v1", "nodes");
  if (!nodeType) throw ApiError.internal("the nodes resource is not served");
  const store = request.registry.context.storage.store;
  const node = (await new ObjectStorage<Node>(nodeType, store).read("", nodeName))?.object;
  const address =
    node?.status?.addresses.find((entry) => entry.type === "InternalIP")?.address ??
    node?.status?.addresses[0]?.address;
  const port = node?.status?.daemonEndpoints?.kubeletEndpoint?.port ?? 0;
  if (!address || !port) {
    throw ApiError.serviceUnavailable(
      `logs of pod ${request.namespace}/${podName} are not available: node ${nodeName} reports no kubelet address`,
    );
  }
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}
