import { EmptySchema } from "@bufbuild/protobuf/wkt";
import type { ResourceType } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { createDiscoveryHandler } from "./handler.js";

function resource(
  overrides: Partial<ResourceType> & Pick<ResourceType, "group" | "kind" | "resource">,
): ResourceType {
  return {
    version: "v1",
    listKind: `${overrides.kind}List`,
    singular: overrides.kind.toLowerCase(),
    namespaced: true,
    shortNames: [],
    categories: [],
    subresources: [],
    schema: EmptySchema,
    listSchema: EmptySchema,
    ...overrides,
  };
}

const table: ResourceType[] = [
  resource({
    group: "",
    kind: "Pod",
    resource: "pods",
    shortNames: ["po"],
    categories: ["all"],
    subresources: ["status", "binding", "log"],
  }),
  resource({
    group: "",
    kind: "Node",
    resource: "nodes",
    namespaced: false,
    shortNames: ["no"],
    subresources: ["status"],
  }),
  resource({
    group: "apps",
    kind: "Deployment",
    resource: "deployments",
    shortNames: ["deploy"],
    categories: ["all"],
    subresources: ["status", "scale"],
  }),
  resource({ group: "coordination.k8s.io", kind: "Lease", resource: "leases" }),
];

const KUBECTL_DISCOVERY_ACCEPT =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

const handle = createDiscoveryHandler(table);

function json(path: string, accept?: string): Record<string, unknown> {
  const response = handle({ path, accept });
  if (!response) throw new Error(`no document at ${path}`);
  expect(response.status).toBe(200);
  return JSON.parse(response.body) as Record<string, unknown>;
}

describe("legacy discovery", () => {
  it("lists the core versions at /api", () => {
    expect(json("/api", "application/json")).toEqual({
      kind: "APIVersions",
      versions: ["v1"],
      serverAddressByClientCIDRs: [],
    });
  });

  it("lists named groups only at /apis, with their preferred version", () => {
    const body = json("/apis/", "application/json");
    expect(body.kind).toBe("APIGroupList");
    expect(body.groups).toEqual([
      {
        name: "apps",
        versions: [{ groupVersion: "apps/v1", version: "v1" }],
        preferredVersion: { groupVersion: "apps/v1", version: "v1" },
      },
      {
        name: "coordination.k8s.io",
        versions: [{ groupVersion: "coordination.k8s.io/v1", version: "v1" }],
        preferredVersion: { groupVersion: "coordination.k8s.io/v1", version: "v1" },
      },
    ]);
  });

  it("describes one group at /apis/<group>", () => {
    expect(json("/apis/apps")).toMatchObject({
      kind: "APIGroup",
      name: "apps",
      preferredVersion: { version: "v1" },
    });
  });

  it("lists resources and subresources of /api/v1 sorted by name", () => {
    const body = json("/api/v1", "application/vnd.kubernetes.protobuf,application/json");
    expect(body.groupVersion).toBe("v1");
    const resources = body.resources as Record<string, unknown>[];
    expect(resources.map((entry) => entry.name)).toEqual([
      "nodes",
      "nodes/status",
      "pods",
      "pods/binding",
      "pods/log",
      "pods/status",
    ]);
    expect(resources[2]).toEqual({
      name: "pods",
      singularName: "pod",
      namespaced: true,
      kind: "Pod",
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
      shortNames: ["po"],
      categories: ["all"],
    });
    expect(resources[0]).toMatchObject({ name: "nodes", namespaced: false, shortNames: ["no"] });
    expect(resources[0]).not.toHaveProperty("categories");
    expect(resources[3]).toEqual({
      name: "pods/binding",
      singularName: "",
      namespaced: true,
      kind: "Binding",
      verbs: ["create"],
    });
  });

  it("names the foreign group of deployments/scale", () => {
    const resources = json("/apis/apps/v1").resources as Record<string, unknown>[];
    expect(resources.find((entry) => entry.name === "deployments/scale")).toEqual({
      name: "deployments/scale",
      singularName: "",
      namespaced: true,
      group: "autoscaling",
      version: "v1",
      kind: "Scale",
      verbs: ["get", "patch", "update"],
    });
    expect(resources.find((entry) => entry.name === "deployments/status")).not.toHaveProperty("group");
  });

  it("leaves unknown paths to the router", () => {
    expect(handle({ path: "/apis/batch/v1" })).toBeUndefined();
    expect(handle({ path: "/apis/apps/v1/deployments" })).toBeUndefined();
    expect(handle({ path: "/version" })).toBeUndefined();
  });
});

describe("aggregated discovery", () => {
  it("answers kubectl's Accept with v2 and the exact Content-Type kubectl requires", () => {
    const response = handle({ path: "/apis", accept: KUBECTL_DISCOVERY_ACCEPT });
    expect(response?.contentType).toBe(
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
    );
    expect(response?.headers.Vary).toBe("Accept");
    const body = JSON.parse(response?.body ?? "") as { kind: string; apiVersion: string; items: unknown[] };
    expect(body.kind).toBe("APIGroupDiscoveryList");
    expect(body.apiVersion).toBe("apidiscovery.k8s.io/v2");
    expect(body.items).toEqual([
      {
        metadata: { name: "apps" },
        versions: [
          {
            version: "v1",
            freshness: "Current",
            resources: [
              {
                resource: "deployments",
                responseKind: { group: "apps", version: "v1", kind: "Deployment" },
                scope: "Namespaced",
                singularResource: "deployment",
                verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                shortNames: ["deploy"],
                categories: ["all"],
                subresources: [
                  {
                    subresource: "scale",
                    responseKind: { group: "autoscaling", version: "v1", kind: "Scale" },
                    verbs: ["get", "patch", "update"],
                  },
                  {
                    subresource: "status",
                    responseKind: { group: "apps", version: "v1", kind: "Deployment" },
                    verbs: ["get", "patch", "update"],
                  },
                ],
              },
            ],
          },
        ],
      },
      expect.objectContaining({ metadata: { name: "coordination.k8s.io" } }),
    ]);
  });

  it("serves the core group at /api with cluster scope for nodes", () => {
    const response = handle({ path: "/api", accept: KUBECTL_DISCOVERY_ACCEPT });
    const body = JSON.parse(response?.body ?? "") as {
      items: { metadata: unknown; versions: { resources: Record<string, unknown>[] }[] }[];
    };
    expect(body.items).toHaveLength(1);
    expect(body.items[0]?.metadata).toEqual({});
    expect(body.items[0]?.versions[0]?.resources.map((entry) => [entry.resource, entry.scope])).toEqual([
      ["nodes", "Cluster"],
      ["pods", "Namespaced"],
    ]);
  });

  it("honours v2beta1 when only that is accepted, and q-values", () => {
    const beta = handle({
      path: "/api",
      accept: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
    });
    expect(beta?.contentType).toBe(
      "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
    );
    expect(JSON.parse(beta?.body ?? "")).toMatchObject({ apiVersion: "apidiscovery.k8s.io/v2beta1" });
    const preferPlain = handle({
      path: "/api",
      accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0.5,application/json",
    });
    expect(preferPlain?.contentType).toBe("application/json");
  });

  it("falls back to legacy for plain JSON, wildcards and no Accept", () => {
    for (const accept of [
      "application/json",
      "*/*",
      undefined,
      "application/json;as=Table;g=meta.k8s.io;v=v1, */*",
    ]) {
      expect(handle({ path: "/apis", accept })?.contentType).toBe("application/json");
    }
  });

  it("refuses an Accept it cannot satisfy with 406", () => {
    expect(() => handle({ path: "/api", accept: "text/html" })).toThrow(ApiError);
    try {
      handle({
        path: "/api/v1",
        accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
      });
      expect.unreachable();
    } catch (error) {
      expect(ApiError.is(error, "NotAcceptable")).toBe(true);
    }
  });

  it("answers 304 to a matching If-None-Match", () => {
    const first = handle({ path: "/apis", accept: KUBECTL_DISCOVERY_ACCEPT });
    const etag = first?.headers.ETag ?? "";
    expect(etag).toMatch(/^"[0-9A-F]{128}"$/);
    const again = handle({ path: "/apis", accept: KUBECTL_DISCOVERY_ACCEPT, ifNoneMatch: etag });
    expect(again?.status).toBe(304);
    expect(again?.body).toBe("");
    const legacy = handle({ path: "/apis", accept: "application/json", ifNoneMatch: etag });
    expect(legacy?.status).toBe(200);
  });
});
