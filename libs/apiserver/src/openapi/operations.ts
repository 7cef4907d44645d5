import {
  BindingSchema,
  DeleteOptionsSchema,
  type JsonObject,
  type JsonValue,
  type ResourceType,
  ScaleSchema,
  StatusSchema,
  type Subresource,
} from "@capstan/api";
import { PATH, type ParameterObject, QUERY } from "./parameters.js";
import type { SchemaCollector } from "./schemas.js";

/** The patch content types the registry reads (kubectl computes a strategic patch when the third is offered). */
export const PATCH_CONTENT_TYPES = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
] as const;

/** `/api/v1` or `/apis/<group>/<version>`. */
export function groupVersionPrefix(type: Pick<ResourceType, "group" | "version">): string {
  return type.group === "" ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
}

/**
 * The OpenAPI v3 path items of one resource, named and shaped as the Kubernetes apiserver publishes them:
 * every operation carries `x-kubernetes-action` and `x-kubernetes-group-version-kind`, and create, update
 * and patch declare `fieldValidation`, which is what makes kubectl leave validation to the server.
 */
export function resourcePaths(type: ResourceType, schemas: SchemaCollector): Record<string, JsonObject> {
  const namer = new OperationNamer(type);
  const gvk = { group: type.group, version: type.version, kind: type.kind };
  const object = schemas.resourceRef(type);
  const list = schemas.ref(type.listSchema);
  const scope = type.namespaced ? [PATH.namespace] : [];
  const collection = `${groupVersionPrefix(type)}${type.namespaced ? "/namespaces/{namespace}" : ""}/${type.resource}`;
  const item = `${collection}/{name}`;
  const paths: Record<string, JsonObject> = {
    [collection]: {
      parameters: parameters(scope),
      get: operation(namer.name("list"), `list or watch objects of kind ${type.kind}`, "list", gvk, {
        responses: ok(list, true),
      }),
      post: operation(namer.name("create"), `create a ${type.kind}`, "post", gvk, {
        body: object,
        responses: { ...ok(object), ...created(object), ...accepted(object) },
      }),
      delete: operation(namer.collection(), `delete collection of ${type.kind}`, "deletecollection", gvk, {
        body: schemas.ref(DeleteOptionsSchema),
        responses: ok(schemas.ref(StatusSchema)),
      }),
    },
    [item]: {
      parameters: parameters([PATH.name, ...scope]),
      get: operation(namer.name("read"), `read the specified ${type.kind}`, "get", gvk, {
        responses: ok(object),
      }),
      put: operation(namer.name("replace"), `replace the specified ${type.kind}`, "put", gvk, {
        body: object,
        responses: { ...ok(object), ...created(object) },
      }),
      patch: patchOperation(
        namer.name("patch"),
        `partially update the specified ${type.kind}`,
        gvk,
        object,
        schemas,
      ),
      delete: operation(namer.name("delete"), `delete a ${type.kind}`, "delete", gvk, {
        body: schemas.ref(DeleteOptionsSchema),
        responses: { ...ok(object), ...accepted(object) },
      }),
    },
  };
  if (type.namespaced) {
    paths[`${groupVersionPrefix(type)}/${type.resource}`] = {
      parameters: [],
      get: operation(namer.allNamespaces(), `list or watch objects of kind ${type.kind}`, "list", gvk, {
        responses: ok(list, true),
      }),
    };
  }
  for (const subresource of type.subresources)
    paths[`${item}/${subresource}`] = subresourcePath(type, subresource, namer, schemas, [
      PATH.name,
      ...scope,
    ]);
  return paths;
}

function subresourcePath(
  type: ResourceType,
  subresource: Subresource,
  namer: OperationNamer,
  schemas: SchemaCollector,
  pathParameters: readonly ParameterObject[],
): JsonObject {
  const suffix = subresource[0]?.toUpperCase() + subresource.slice(1);
  switch (subresource) {
    case "status":
    case "scale": {
      const body = subresource === "status" ? schemas.ref(type.schema) : schemas.ref(ScaleSchema);
      const gvk =
        subresource === "status"
          ? { group: type.group, version: type.version, kind: type.kind }
          : { group: "autoscaling", version: "v1", kind: "Scale" };
      return {
        parameters: parameters(pathParameters),
        get: operation(
          namer.name("read", suffix),
          `read ${subresource} of the specified ${type.kind}`,
          "get",
          gvk,
          {
            responses: ok(body),
          },
        ),
        put: operation(
          namer.name("replace", suffix),
          `replace ${subresource} of the specified ${type.kind}`,
          "put",
          gvk,
          {
            body,
            responses: { ...ok(body), ...created(body) },
          },
        ),
        patch: patchOperation(
          namer.name("patch", suffix),
          `partially update ${subresource} of the specified ${type.kind}`,
          gvk,
          body,
          schemas,
        ),
      };
    }
    case "binding": {
      const body = schemas.ref(BindingSchema);
      const gvk = { group: "", version: "v1", kind: "Binding" };
      return {
        parameters: parameters(pathParameters),
        post: operation(namer.name("create", suffix), `create binding of a ${type.kind}`, "post", gvk, {
          body,
          responses: { ...ok(body), ...created(body), ...accepted(body) },
        }),
      };
    }
    case "log":
      return {
        parameters: parameters(pathParameters),
        get: operation(
          namer.name("read", suffix),
          `read log of the specified ${type.kind}`,
          "log",
          undefined,
          {
            responses: {
              "200": { description: "OK", content: { "text/plain": { schema: { type: "string" } } } },
            },
          },
        ),
      };
  }
}

function patchOperation(
  id: OperationId,
  description: string,
  gvk: JsonObject,
  body: JsonObject,
  schemas: SchemaCollector,
): JsonObject {
  const content = Object.fromEntries(
    PATCH_CONTENT_TYPES.map((contentType) => [contentType, { schema: schemas.patchRef() }]),
  );
  return {
    ...operation(id, description, "patch", gvk, { responses: { ...ok(body), ...created(body) } }),
    requestBody: { content, required: true },
  };
}

interface OperationParts {
  /** The JSON request body, if the operation reads one. */
  readonly body?: JsonObject;
  readonly responses: JsonObject;
}

/** One operation; `action` is the x-kubernetes-action, or `log` for the log subresource's read. */
function operation(
  id: OperationId,
  description: string,
  action: keyof typeof QUERY,
  gvk: JsonObject | undefined,
  parts: OperationParts,
): JsonObject {
  // A DELETE body (DeleteOptions) is optional; every other body is required.
  const required = action !== "delete" && action !== "deletecollection";
  return {
    tags: [id.tag],
    description,
    operationId: id.name,
    parameters: parameters(QUERY[action] ?? []),
    ...(parts.body
      ? { requestBody: { content: { "application/json": { schema: parts.body } }, required } }
      : {}),
    responses: { ...parts.responses, "401": { description: "Unauthorized" } },
    "x-kubernetes-action": action === "log" ? "get" : action,
    ...(gvk ? { "x-kubernetes-group-version-kind": gvk } : {}),
  };
}

function parameters(list: readonly ParameterObject[]): JsonValue[] {
  return list.map((parameter) => ({ ...parameter, schema: { ...parameter.schema } }));
}

function ok(schema: JsonObject, streams = false): JsonObject {
  const content: Record<string, JsonValue> = { "application/json": { schema } };
  if (streams) content["application/json;stream=watch"] = { schema };
  return { "200": { description: "OK", content } };
}

function created(schema: JsonObject): JsonObject {
  return { "201": { description: "Created", content: { "application/json": { schema } } } };
}

function accepted(schema: JsonObject): JsonObject {
  return { "202": { description: "Accepted", content: { "application/json": { schema } } } };
}

/** An operation's id and its tag. */
interface OperationId {
  readonly name: string;
  readonly tag: string;
}

/**
 * Operation ids and tags as Kubernetes names them: `patchAppsV1NamespacedDeploymentScale`,
 * `deleteCoreV1CollectionNamespacedPod`, `listCoreV1PodForAllNamespaces`; tags `core_v1`, `apps_v1`.
 */
class OperationNamer {
  private readonly groupVersion: string;
  private readonly tag: string;
  private readonly scopedKind: string;
  private readonly kind: string;

  constructor(type: ResourceType) {
    const group = type.group === "" ? "core" : (type.group.split(".")[0] ?? type.group);
    this.groupVersion = capitalize(group) + capitalize(type.version);
    this.tag = `${group}_${type.version}`;
    this.kind = type.kind;
    this.scopedKind = `${type.namespaced ? "Namespaced" : ""}${type.kind}`;
  }

  /** `<verb><Group><Version>[Namespaced]<Kind><Subresource>`. */
  name(verb: string, subresource = ""): OperationId {
    return { name: `${verb}${this.groupVersion}${this.scopedKind}${subresource}`, tag: this.tag };
  }

  /** `delete<Group><Version>Collection[Namespaced]<Kind>`. */
  collection(): OperationId {
    return { name: `delete${this.groupVersion}Collection${this.scopedKind}`, tag: this.tag };
  }

  /** `list<Group><Version><Kind>ForAllNamespaces`. */
  allNamespaces(): OperationId {
    return { name: `list${this.groupVersion}${this.kind}ForAllNamespaces`, tag: this.tag };
  }
}

function capitalize(text: string): string {
  return text.slice(0, 1).toUpperCase() + text.slice(1);
}
