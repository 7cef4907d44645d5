import type { Pod } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { ApiRequest } from "../api-request.js";

/**
 * GET pods/<name>/log. Logs live on the pod's kubelet; until kubelets serve them this answers with a
 * Status saying why there is no log: 400 for a pod not on a node yet (Kubernetes' wording), 503 otherwise.
 */
export async function handleLog(request: ApiRequest, name: string): Promise<void> {
  const pod = (await request.registry.get(request.namespace, name)) as Pod;
  const nodeName = pod.spec?.nodeName ?? "";
  if (nodeName === "") throw ApiError.badRequest(`pod ${name} does not have a host assigned`);
  throw ApiError.serviceUnavailable(
    `logs of pod ${request.namespace}/${name} are not available: no connection to the kubelet of node ${nodeName}`,
  );
}
