import { ApiError } from "@capstan/apimachinery";
import type { ApiRequest } from "../api-request.js";
import { writeList, writeObject } from "../output.js";
import { handleLog } from "./log.js";
import { writeScale } from "./scale.js";
import { handleWatch } from "./watch.js";

/** GET of one object (or a watch on it), its status, its scale, or its log. */
export async function handleGet(request: ApiRequest, name: string): Promise<void> {
  const { registry, namespace, path } = request;
  switch (path.subresource) {
    case undefined:
      // `GET .../pods/web?watch=1`: the older form of a watch on one object.
      if (request.query.watch) await handleWatch(request, name);
      else writeObject(request, 200, await registry.get(namespace, name));
      return;
    case "status":
      if (!registry.has("status")) break;
      writeObject(request, 200, await registry.get(namespace, name));
      return;
    case "scale":
      writeScale(request, 200, await registry.getScale(namespace, name));
      return;
    case "log":
      if (!registry.has("log")) break;
      await handleLog(request, name);
      return;
  }
  throw ApiError.notFound(`${registry.type.resource}/${path.subresource}`, name);
}

/** GET of a collection: a list, or a watch with `?watch=1`. */
export async function handleList(request: ApiRequest): Promise<void> {
  if (request.query.watch) {
    await handleWatch(request);
    return;
  }
  writeList(request, await request.registry.list(request.namespace, request.query.list()));
}
