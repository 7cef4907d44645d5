import { apiVersionOf } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { PatchType } from "../../registry/options.js";
import type { ApiRequest } from "../api-request.js";
import { writeObject } from "../output.js";
import { mediaTypeOf } from "../parse-body.js";
import { readRequestBody } from "../request-body.js";
import { writeScale } from "./scale.js";

const PATCH_TYPES: Readonly<Record<string, PatchType>> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
};

/**
 * PATCH of an object, its status or its scale. The Content-Type names the patch type; any other is 415
 * (which kubectl reads as "server-side apply is not available"). Server-side apply answers 201 when it
 * created the object.
 */
export async function handlePatch(request: ApiRequest, name: string): Promise<void> {
  const contentType = request.req.headers["content-type"] ?? "";
  const patchType = PATCH_TYPES[mediaTypeOf(contentType)];
  if (!patchType) throw ApiError.unsupportedMediaType(contentType, Object.keys(PATCH_TYPES));
  const body = await readRequestBody(request.req);
  const { registry, namespace, query, path } = request;
  if (path.subresource === "scale") {
    writeScale(request, 200, await registry.patchScale(namespace, name, patchType, body, query.write()));
    return;
  }
  if (path.subresource !== undefined && path.subresource !== "status") {
    throw ApiError.methodNotSupported(`${registry.type.resource}/${path.subresource}`, "patch");
  }
  if (patchType === "apply") checkAppliedKind(request, body);
  const result = await registry.patch(
    namespace,
    name,
    {
      type: patchType,
      body,
      unknownFields: query.unknownFields(),
      ...(path.subresource ? { subresource: "status" } : {}),
    },
    query.patch(),
  );
  request.warnings.push(...result.warnings);
  writeObject(request, result.created ? 201 : 200, result.object);
}

/** An applied configuration names its apiVersion and kind, which must be the URL's. */
function checkAppliedKind(request: ApiRequest, body: unknown): void {
  const type = request.registry.type;
  const expected = apiVersionOf(type);
  const { apiVersion, kind } = (typeof body === "object" && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  if (apiVersion !== expected || kind !== type.kind) {
    throw ApiError.badRequest(
      `the applied configuration must have apiVersion ${JSON.stringify(expected)} and kind ${JSON.stringify(type.kind)}, got ${JSON.stringify(apiVersion ?? "")} and ${JSON.stringify(kind ?? "")}`,
    );
  }
}
