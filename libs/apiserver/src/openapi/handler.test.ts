import { type JsonObject, type JsonValue, resources } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { createOpenApiHandler } from "./handler.js";

const handle = createOpenApiHandler(resources, { version: "v1.32.0" });

function fetchJson(path: string, query = "", accept = "application/json"): JsonObject {
  const response = handle({ path, query: new URLSearchParams(query), accept });
  if (!response) throw new Error(`no document at ${path}`);
  expect(response.status).toBe(200);
  expect(response.contentType).toBe("application/json");
  return JSON.parse(response.body) as JsonObject;
}

function object(value: JsonValue | undefined): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`not an object: ${JSON.stringify(value)}`);
  return value;
}

const root = object(fetchJson("/openapi/v3", "", "application/json, */*").paths);

/** Follows `serverRelativeURL` as kubectl's openapi3 root does. */
function groupVersion(key: string): JsonObject {
  const url = new URL(String(object(root[key]).serverRelativeURL), "http://server");
  return fetchJson(url.pathname, url.search);
}

/** kubectl's check (queryparam_verifier_v3): a patch operation for the GVK that declares fieldValidation. */
function supportsFieldValidation(
  document: JsonObject,
  gvk: { group: string; version: string; kind: string },
): boolean {
  return Object.values(object(document.paths)).some((item) => {
    const patch = object(item).patch;
    if (!patch) return false;
    const operation = object(patch);
    const tag = object(operation["x-kubernetes-group-version-kind"]);
    if (tag.group !== gvk.group || tag.version !== gvk.version || tag.kind !== gvk.kind) return false;
    return (operation.parameters as JsonObject[]).some((parameter) => parameter.name === "fieldValidation");
  });
}

describe("the OpenAPI v3 root", () => {
  it("lists every group-version with a hashed URL", () => {
    expect(Object.keys(root).sort()).toEqual([
      "api/v1",
      "apis/apps/v1",
      "apis/batch/v1",
      "apis/coordination.k8s.io/v1",
    ]);
    expect(object(root["apis/apps/v1"]).serverRelativeURL).toMatch(
      /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/,
    );
  });
});

describe("group-version documents", () => {
  it("let kubectl validate every kind on the server", () => {
    for (const type of resources) {
      const key = type.group === "" ? `api/${type.version}` : `apis/${type.group}/${type.version}`;
      const document = groupVersion(key);
      expect(document.openapi).toBe("3.0.0");
      expect(supportsFieldValidation(document, type), `${type.kind}`).toBe(true);
    }
  });

  it("offer strategic merge patch, which makes kubectl apply compute patches from the schemas", () => {
    const patch = object(
      object(
        object(groupVersion("apis/apps/v1").paths)["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"],
      ).patch,
    );
    expect(Object.keys(object(object(patch.requestBody).content))).toContain(
      "application/strategic-merge-patch+json",
    );
  });

  it("name the scale subresource's body as autoscaling/v1 Scale", () => {
    const paths = object(groupVersion("apis/apps/v1").paths);
    const scale = object(
      object(paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"]).patch,
    );
    expect(scale["x-kubernetes-group-version-kind"]).toEqual({
      group: "autoscaling",
      version: "v1",
      kind: "Scale",
    });
    expect(scale.operationId).toBe("patchAppsV1NamespacedDeploymentScale");
  });

  it("describe cluster-scoped and namespaced paths", () => {
    const paths = Object.keys(object(groupVersion("api/v1").paths));
    expect(paths).toContain("/api/v1/nodes/{name}");
    expect(paths).toContain("/api/v1/namespaces/{name}/status");
    expect(paths).toContain("/api/v1/namespaces/{namespace}/pods/{name}/binding");
    expect(paths).toContain("/api/v1/pods");
    expect(paths).not.toContain("/api/v1/namespaces/{namespace}/nodes");
  });
});

describe("schemas", () => {
  const core = groupVersion("api/v1");
  const schemas = object(object(core.components).schemas);

  /** kubectl's PatchMetaFromOpenAPIV3: a property, then allOf[0], then $ref, then array items. */
  function lookup(path: readonly string[]): JsonObject {
    let schema = object(schemas["io.k8s.api.core.v1.Pod"]);
    let property: JsonObject = schema;
    for (const field of path) {
      property = object(object(schema.properties)[field]);
      let next = property.type === "array" ? object(property.items) : property;
      if (Array.isArray(next.allOf)) next = object(next.allOf[0]);
      if (typeof next.$ref === "string")
        next = object(schemas[next.$ref.replace("#/components/schemas/", "")]);
      schema = next;
    }
    return property;
  }

  it("tag kinds with their group-version-kind as a list", () => {
    expect(object(schemas["io.k8s.api.core.v1.Pod"])["x-kubernetes-group-version-kind"]).toEqual([
      { group: "", kind: "Pod", version: "v1" },
    ]);
    expect(object(schemas["io.k8s.api.core.v1.PodList"])["x-kubernetes-group-version-kind"]).toEqual([
      { group: "", kind: "PodList", version: "v1" },
    ]);
  });

  it("carry Kubernetes' merge keys and strategies", () => {
    expect(lookup(["spec", "containers"])).toMatchObject({
      "x-kubernetes-patch-merge-key": "name",
      "x-kubernetes-patch-strategy": "merge",
    });
    expect(lookup(["spec", "containers", "ports"])).toMatchObject({
      "x-kubernetes-patch-merge-key": "containerPort",
    });
    expect(lookup(["spec", "volumes"])).toMatchObject({ "x-kubernetes-patch-strategy": "merge,retainKeys" });
    expect(lookup(["spec", "tolerations"])).not.toHaveProperty("x-kubernetes-patch-merge-key");
  });

  it("use Kubernetes JSON names and value types", () => {
    expect(lookup(["status", "podIP"])).toEqual({ type: "string" });
    expect(lookup(["metadata", "creationTimestamp"])).toEqual({ type: "string", format: "date-time" });
    expect(lookup(["spec", "terminationGracePeriodSeconds"])).toEqual({ type: "integer", format: "int64" });
    expect(lookup(["spec", "overhead"])).toEqual({
      type: "object",
      additionalProperties: {
        allOf: [{ $ref: "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity" }],
      },
    });
    expect(lookup(["spec", "containers", "livenessProbe", "httpGet", "port"])).toEqual({
      allOf: [{ $ref: "#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString" }],
    });
  });

  it("resolve every reference", () => {
    for (const document of Object.keys(root).map(groupVersion)) {
      const names = new Set(Object.keys(object(object(document.components).schemas)));
      const references = JSON.stringify(document).match(/#\/components\/schemas\/[^"]+/g) ?? [];
      for (const reference of references)
        expect(names.has(reference.replace("#/components/schemas/", "")), reference).toBe(true);
    }
  });
});

describe("caching and negotiation", () => {
  const url = new URL(String(object(root["api/v1"]).serverRelativeURL), "http://server");

  it("marks hashed documents immutable and answers 304 to their ETag", () => {
    const response = handle({ path: url.pathname, query: url.searchParams });
    expect(response?.headers["Cache-Control"]).toBe("public, immutable, max-age=31536000");
    const again = handle({
      path: url.pathname,
      query: url.searchParams,
      ifNoneMatch: response?.headers.ETag,
    });
    expect(again?.status).toBe(304);
  });

  it("redirects a stale hash to the current one", () => {
    const response = handle({
      path: "/openapi/v3/api/v1",
      query: new URLSearchParams("hash=OLD&timeout=32s"),
    });
    expect(response?.status).toBe(301);
    expect(response?.headers.Location).toBe(`${url.pathname}${url.search}`);
  });

  it("leaves v2 and unknown group-versions to the router, and refuses non-JSON Accept", () => {
    expect(handle({ path: "/openapi/v2" })).toBeUndefined();
    expect(handle({ path: "/openapi/v3/apis/example.com/v1" })).toBeUndefined();
    expect(() =>
      handle({ path: "/openapi/v3", accept: "application/com.github.proto-openapi.spec.v3@v1.0+protobuf" }),
    ).toThrow(ApiError);
  });
});
