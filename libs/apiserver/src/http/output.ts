import type { DescMessage, Message } from "@bufbuild/protobuf";
import { apiVersionOf, encodeObject, type JsonObject } from "@capstan/api";
import type { ListPage } from "../registry/list.js";
import { metaOf } from "../registry/object-meta.js";
import { buildTable } from "../table/table.js";
import type { ApiRequest } from "./api-request.js";
import { sendJson, sendYaml, warningHeader } from "./respond.js";

/** Kubernetes JSON of a message of the request's resource. */
export function encodeResource(request: ApiRequest, object: Message): JsonObject {
  return encodeObject(request.registry.type.schema as DescMessage, object);
}

/** Writes one object as JSON, YAML, or a one-row Table, whichever the Accept header asks for. */
export function writeObject(request: ApiRequest, status: number, object: Message): void {
  const { format } = request;
  if (format.kind === "table") {
    const table = buildTable(request.registry.strategy, [object], {
      includeObject: request.query.includeObject(),
      version: format.version,
      now: request.now(),
      resourceVersion: metaOf(object).resourceVersion,
      encode: (item) => encodeResource(request, item),
    });
    writeBody(request, status, table, "json");
    return;
  }
  writeBody(request, status, encodeResource(request, object), format.encoding);
}

/** Writes a list page as `<Kind>List` (JSON or YAML) or as a Table. */
export function writeList(request: ApiRequest, page: ListPage<Message>): void {
  const { format } = request;
  if (format.kind === "table") {
    const table = buildTable(request.registry.strategy, page.items, {
      includeObject: request.query.includeObject(),
      version: format.version,
      now: request.now(),
      resourceVersion: page.resourceVersion,
      ...(page.continue ? { continue: page.continue } : {}),
      encode: (item) => encodeResource(request, item),
    });
    writeBody(request, 200, table, "json");
    return;
  }
  writeBody(request, 200, listBody(request, page), format.encoding);
}

/** The `<Kind>List` JSON of a page. */
export function listBody(request: ApiRequest, page: ListPage<Message>): JsonObject {
  const type = request.registry.type;
  const metadata: JsonObject = { resourceVersion: page.resourceVersion };
  if (page.continue) metadata.continue = page.continue;
  return {
    kind: type.listKind,
    apiVersion: apiVersionOf(type),
    metadata,
    items: page.items.map((item) => encodeResource(request, item)),
  };
}

/** Writes a JSON value with the request's warnings. */
export function writeBody(
  request: ApiRequest,
  status: number,
  body: unknown,
  encoding: "json" | "yaml",
): void {
  if (request.warnings.length > 0) request.res.setHeader("warning", warningHeader(request.warnings));
  if (encoding === "yaml") sendYaml(request.res, status, body);
  else sendJson(request.res, status, body);
}
