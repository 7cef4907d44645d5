import { describe, expect, it } from "vitest";
import { parseApiPath } from "./request-path.js";

describe("parseApiPath", () => {
  it.each([
    ["/api/v1/pods", { group: "", version: "v1", resource: "pods" }],
    ["/api/v1/namespaces/ns/pods", { group: "", version: "v1", namespace: "ns", resource: "pods" }],
    [
      "/api/v1/namespaces/ns/pods/web/log",
      { group: "", version: "v1", namespace: "ns", resource: "pods", name: "web", subresource: "log" },
    ],
    ["/api/v1/namespaces/ns", { group: "", version: "v1", resource: "namespaces", name: "ns" }],
    [
      "/api/v1/namespaces/ns/status",
      { group: "", version: "v1", resource: "namespaces", name: "ns", subresource: "status" },
    ],
    [
      "/apis/apps/v1/namespaces/ns/deployments/d/scale",
      {
        group: "apps",
        version: "v1",
        namespace: "ns",
        resource: "deployments",
        name: "d",
        subresource: "scale",
      },
    ],
    ["/api/v1/nodes/n1/", { group: "", version: "v1", resource: "nodes", name: "n1" }],
  ])("%s", (path, expected) => {
    expect(parseApiPath(path)).toEqual({ kind: "resource", path: expected });
  });

  it("leaves discovery paths and foreign paths to others", () => {
    expect(parseApiPath("/api")).toEqual({ kind: "discovery", path: { group: "", version: undefined } });
    expect(parseApiPath("/apis/apps/v1")).toEqual({
      kind: "discovery",
      path: { group: "apps", version: "v1" },
    });
    expect(parseApiPath("/healthz")).toBeUndefined();
  });

  it("refuses too many segments and undecodable ones", () => {
    expect(() => parseApiPath("/api/v1/namespaces/a/pods/b/log/extra")).toThrow(
      expect.objectContaining({ httpCode: 404 }),
    );
    expect(() => parseApiPath("/api/v1/pods/%E0%A4%A")).toThrow(expect.objectContaining({ httpCode: 400 }));
  });
});
