import { encodeObject, type Scale, ScaleSchema } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { ApiRequest } from "../api-request.js";
import { decodeBody } from "../body-codec.js";
import { writeBody } from "../output.js";
import { readRequestBody } from "../request-body.js";

/** Writes an autoscaling/v1 Scale as JSON. */
export function writeScale(request: ApiRequest, status: number, scale: Scale): void {
  writeBody(request, status, encodeObject(ScaleSchema, scale), "json");
}

/** PUT .../scale (sent by `kubectl scale --current-replicas` with no Content-Type: JSON is assumed). */
export async function handleScaleUpdate(request: ApiRequest, name: string): Promise<void> {
  const body = await readRequestBody(request.req);
  const expected = { apiVersion: "autoscaling/v1", kind: "Scale" };
  const { message, warnings } = decodeBody(ScaleSchema, body, request.query.unknownFields(), expected);
  request.warnings.push(...warnings);
  const bodyName = message.metadata?.name ?? "";
  if (bodyName !== name) {
    throw ApiError.badRequest(
      `the name of the object (${bodyName}) does not match the name on the URL (${name})`,
    );
  }
  const scale = await request.registry.updateScale(request.namespace, name, message, request.query.write());
  writeScale(request, 200, scale);
}
