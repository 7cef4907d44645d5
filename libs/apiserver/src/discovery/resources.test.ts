import { resources } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { createDiscoveryHandler } from "./handler.js";

const handle = createDiscoveryHandler(resources);
const AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

interface Discovered {
  resource: string;
  scope: string;
  shortNames?: string[];
  categories?: string[];
  subresources?: { subresource: string }[];
}

function discovered(path: string): Map<string, Discovered> {
  const body = JSON.parse(handle({ path, accept: AGGREGATED })?.body ?? "") as {
    items: { versions: { resources: Discovered[] }[] }[];
  };
  const all = body.items.flatMap((item) => item.versions.flatMap((version) => version.resources));
  return new Map(all.map((entry) => [entry.resource, entry]));
}

describe("discovery of Capstan's resource table", () => {
  const core = discovered("/api");
  const named = discovered("/apis");

  it("serves every resource once, in the core group or a named one", () => {
    expect(core.size + named.size).toBe(resources.length);
    expect([...core.keys()].sort()).toEqual([
      "configmaps",
      "endpoints",
      "events",
      "namespaces",
      "nodes",
      "pods",
      "secrets",
      "services",
    ]);
  });

  it("gives kubectl its short names, `all` category and subresources", () => {
    expect(core.get("pods")).toMatchObject({ scope: "Namespaced", shortNames: ["po"], categories: ["all"] });
    expect(core.get("nodes")).toMatchObject({ scope: "Cluster", shortNames: ["no"] });
    expect(named.get("deployments")?.subresources?.map((entry) => entry.subresource)).toEqual([
      "scale",
      "status",
    ]);
    const all = [...core.values(), ...named.values()].filter((entry) => entry.categories?.includes("all"));
    expect(all.map((entry) => entry.resource).sort()).toEqual([
      "daemonsets",
      "deployments",
      "jobs",
      "pods",
      "replicasets",
      "services",
    ]);
  });
});
