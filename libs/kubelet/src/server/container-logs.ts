import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import type { Pod } from "@capstan/api";
import type { Lister } from "@capstan/client";
import type { DockerRuntime, LogOptions } from "../runtime/index.js";

/** Where a log request went wrong, with the HTTP status Kubernetes' kubelet answers. */
export class LogRequestError extends Error {
  override readonly name = "LogRequestError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The query `kubectl logs` sends, read strictly: a bad number is a 400, not a silent default. */
export function parseLogQuery(query: URLSearchParams): LogOptions & { previous: boolean } {
  const flag = (name: string) => {
    const value = query.get(name);
    return value === "true" || value === "1";
  };
  const count = (name: string) => {
    const value = query.get(name);
    if (value === null || value === "") return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0)
      throw new LogRequestError(400, `${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
    return parsed;
  };
  const tailLines = count("tailLines");
  const sinceSeconds = count("sinceSeconds");
  return {
    follow: flag("follow"),
    timestamps: flag("timestamps"),
    previous: flag("previous"),
    ...(tailLines === undefined ? {} : { tailLines }),
    ...(sinceSeconds === undefined ? {} : { sinceSeconds }),
  };
}

/**
 * GET /containerLogs/<namespace>/<pod>/<container>: the container's log from Docker, streamed (and followed
 * with `follow=true`). `previous=true` reads the instance before the current one, as `kubectl logs -p`.
 */
export async function serveContainerLogs(
  runtime: DockerRuntime,
  node: string,
  pods: Lister<Pod>,
  parts: readonly string[],
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const [namespace, podName, containerName] = parts.map((part) => decodeURIComponent(part));
  if (!namespace || !podName || !containerName || parts.length !== 3) {
    throw new LogRequestError(400, "expected /containerLogs/<namespace>/<pod>/<container>");
  }
  const options = parseLogQuery(query);
  const uid = pods.get(`${namespace}/${podName}`)?.metadata?.uid;
  const instances = (await runtime.listContainers(node, { podNamespace: namespace, podName }))
    .filter((record) => record.identity.containerName === containerName && record.identity.kind !== "sandbox")
    .filter((record) => uid === undefined || record.identity.podUid === uid)
    .sort((a, b) => b.identity.attempt - a.identity.attempt);
  const instance = options.previous ? instances[1] : instances[0];
  if (!instance) {
    const what = options.previous ? "previous terminated container" : "container";
    throw new LogRequestError(404, `${what} "${containerName}" in pod "${podName}" not found`);
  }
  const stream = await runtime.logs(instance.id, options);
  res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-cache" });
  res.flushHeaders();
  req.once("close", () => stream.destroy());
  await pipeline(stream, res).catch(() => undefined);
}
