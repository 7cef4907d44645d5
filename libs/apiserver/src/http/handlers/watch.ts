import type { Message } from "@bufbuild/protobuf";
import { apiVersionOf } from "@capstan/api";
import type { RegistryWatchEvent } from "../../registry/watch.js";
import { buildTable } from "../../table/table.js";
import type { ApiRequest } from "../api-request.js";
import type { ResponseFormat } from "../negotiate.js";
import { encodeResource } from "../output.js";

/** JSON of objects shared by every watcher that receives them, serialised once. */
const sharedJson = new WeakMap<Message, string>();

/**
 * GET ...?watch=1 (of a collection, or of one object by `name`): newline-delimited JSON events, each written (and flushed) as it happens. Errors found
 * before the stream starts (bad selectors, bad resourceVersion) are an ordinary Status response; a
 * resourceVersion too old for the watch cache is an ERROR event (410 Expired), then the end of the stream.
 */
export async function handleWatch(request: ApiRequest, name?: string): Promise<void> {
  const options = request.query.watchOptions();
  const byName = name === undefined ? undefined : `metadata.name=${name}`;
  const fieldSelector = [options.fieldSelector, byName].filter(Boolean).join(",") || undefined;
  const events = await request.registry.watch(
    request.namespace,
    { ...options, fieldSelector },
    request.signal,
  );
  const { res } = request;
  res.writeHead(200, { "content-type": "application/json", "cache-control": "no-cache, private" });
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  const encode = eventEncoder(request, request.format);
  for await (const event of events) {
    if (res.destroyed) break;
    if (!res.write(encode(event))) await drained(request);
  }
  res.end();
}

function eventEncoder(
  request: ApiRequest,
  format: ResponseFormat,
): (event: RegistryWatchEvent<Message>) => string {
  const type = request.registry.type;
  const apiVersion = apiVersionOf(type);
  let headersSent = false;
  return (event) => {
    switch (event.type) {
      case "ERROR":
        return `${JSON.stringify({ type: "ERROR", object: event.error.toStatus() })}\n`;
      case "BOOKMARK": {
        const metadata = {
          resourceVersion: event.resourceVersion,
          ...(event.initialEventsEnd ? { annotations: { "k8s.io/initial-events-end": "true" } } : {}),
        };
        return `${JSON.stringify({ type: "BOOKMARK", object: { kind: type.kind, apiVersion, metadata } })}\n`;
      }
      default: {
        if (format.kind === "table") {
          const table = buildTable(request.registry.strategy, [event.object], {
            includeObject: request.query.includeObject(),
            version: format.version,
            noHeaders: headersSent,
            now: request.now(),
            encode: (item) => encodeResource(request, item),
          });
          headersSent = true;
          return `${JSON.stringify({ type: event.type, object: table })}\n`;
        }
        return `{"type":"${event.type}","object":${objectJson(request, event.object)}}\n`;
      }
    }
  };
}

function objectJson(request: ApiRequest, object: Message): string {
  let json = sharedJson.get(object);
  if (json === undefined) {
    json = JSON.stringify(encodeResource(request, object));
    sharedJson.set(object, json);
  }
  return json;
}

/** Resolves when the socket can take more, or when the client has gone. */
function drained(request: ApiRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      request.res.off("drain", done);
      request.signal.removeEventListener("abort", done);
      resolve();
    };
    request.res.once("drain", done);
    request.signal.addEventListener("abort", done, { once: true });
  });
}
