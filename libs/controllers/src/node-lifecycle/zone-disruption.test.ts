import { create } from "@bufbuild/protobuf";
import { type Node, NodeSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import type { Readiness } from "./node-health.js";
import { DEFAULT_NODE_LIFECYCLE_OPTIONS as defaults } from "./options.js";
import { evictionInterval, zoneStates } from "./zone-disruption.js";

function zone(name: string, ready: number, down: number): { node: Node; readiness: Readiness }[] {
  const node = create(NodeSchema, { metadata: { labels: { "topology.kubernetes.io/zone": name } } });
  return [
    ...Array.from({ length: ready }, () => ({ node, readiness: "True" as const })),
    ...Array.from({ length: down }, () => ({ node, readiness: "Unknown" as const })),
  ];
}

describe("zone disruption guard", () => {
  it("evicts at the normal rate while few nodes are down", () => {
    const states = zoneStates([...zone("a", 8, 2), ...zone("b", 3, 0)], defaults);
    expect(states.get("a")?.state).toBe("Normal");
    expect(evictionInterval("a", states, defaults)).toBe(10_000);
  });

  it("slows down in a large partially disrupted zone and stops in a small one", () => {
    const large = zoneStates([...zone("a", 40, 60), ...zone("b", 3, 0)], defaults);
    expect(large.get("a")?.state).toBe("PartialDisruption");
    expect(evictionInterval("a", large, defaults)).toBe(100_000);
    const small = zoneStates([...zone("a", 4, 6), ...zone("b", 3, 0)], defaults);
    expect(evictionInterval("a", small, defaults)).toBe(Number.POSITIVE_INFINITY);
  });

  it("evicts nothing when every zone is down (the controller is probably the one cut off)", () => {
    const states = zoneStates([...zone("a", 0, 5), ...zone("b", 0, 4)], defaults);
    expect(evictionInterval("a", states, defaults)).toBe(Number.POSITIVE_INFINITY);
    const oneZone = zoneStates([...zone("a", 0, 5), ...zone("b", 4, 0)], defaults);
    expect(evictionInterval("a", oneZone, defaults)).toBe(10_000);
  });
});
