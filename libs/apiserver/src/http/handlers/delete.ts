import { DeleteOptionsSchema } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { DeleteOptions, PropagationPolicy } from "../../registry/options.js";
import type { ApiRequest } from "../api-request.js";
import { decodeBody } from "../body-codec.js";
import { listBody, writeBody, writeObject } from "../output.js";
import { readRequestBody } from "../request-body.js";

const POLICIES: readonly string[] = ["Orphan", "Background", "Foreground"];

/** DELETE of one object: the stored object marked for deletion, or its last state when removed. */
export async function handleDelete(request: ApiRequest, name: string): Promise<void> {
  const options = await deleteOptions(request);
  const result = await request.registry.delete(request.namespace, name, options);
  writeObject(request, 200, result.object);
}

/** DELETE of a collection (with label/field selectors): the list of affected objects. */
export async function handleDeleteCollection(request: ApiRequest): Promise<void> {
  const options = await deleteOptions(request);
  const list = request.query.list();
  const items = await request.registry.deleteCollection(request.namespace, list, options);
  const revision = await request.registry.context.storage.store.currentRevision();
  writeBody(request, 200, listBody(request, { items, resourceVersion: String(revision) }), "json");
}

/** Query parameters, overridden by a DeleteOptions body when one is sent (as kubectl does). */
async function deleteOptions(request: ApiRequest): Promise<DeleteOptions> {
  const fromQuery = request.query.delete();
  const body = await readRequestBody(request.req, true);
  if (body === undefined) return fromQuery;
  const { message } = decodeBody(DeleteOptionsSchema, body, "ignore", undefined);
  const policy =
    message.propagationPolicy ??
    (message.orphanDependents === undefined ? undefined : message.orphanDependents ? "Orphan" : "Background");
  if (policy !== undefined && !POLICIES.includes(policy)) {
    throw ApiError.badRequest(
      `propagationPolicy: unsupported value ${JSON.stringify(policy)}; supported: ${POLICIES.join(", ")}`,
    );
  }
  for (const value of message.dryRun) {
    if (value !== "All")
      throw ApiError.badRequest(
        `Invalid dryRun value: ${JSON.stringify(value)}; the only supported value is "All"`,
      );
  }
  const grace = message.gracePeriodSeconds;
  if (grace !== undefined && grace < 0n) throw ApiError.badRequest("gracePeriodSeconds must be non-negative");
  const preconditions = message.preconditions;
  return {
    ...fromQuery,
    dryRun: fromQuery.dryRun || message.dryRun.length > 0,
    ...(grace !== undefined ? { gracePeriodSeconds: Number(grace) } : {}),
    ...(policy !== undefined ? { propagationPolicy: policy as PropagationPolicy } : {}),
    ...(preconditions
      ? {
          preconditions: {
            ...(preconditions.uid !== undefined ? { uid: preconditions.uid } : {}),
            ...(preconditions.resourceVersion !== undefined
              ? { resourceVersion: preconditions.resourceVersion }
              : {}),
          },
        }
      : {}),
  };
}
