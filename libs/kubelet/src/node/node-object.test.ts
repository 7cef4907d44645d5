import { describe, expect, it } from "vitest";
import type { HostFacts } from "./host-facts.js";
import { prettyName } from "./host-facts.js";
import { DEFAULT_MAX_PODS, NodeConfigError, nodeLabels, nodeResources } from "./node-object.js";
import { memAvailableBytes } from "./node-pressure.js";

const facts: HostFacts = {
  hostname: "host",
  cpus: 2,
  memoryBytes: 4 * 1024 ** 3,
  kernelVersion: "6.1.0",
  osImage: "Debian GNU/Linux 12 (bookworm)",
  operatingSystem: "linux",
  architecture: "amd64",
  machineId: "m",
  bootId: "b",
};

describe("node resources", () => {
  it("takes capacity from the host, keeps 100Mi of memory out of allocatable, 110 pods by default", () => {
    expect(nodeResources(facts)).toEqual({
      capacity: { cpu: "2", memory: "4Gi", pods: String(DEFAULT_MAX_PODS) },
      allocatable: { cpu: "2", memory: "3996Mi", pods: "110" },
    });
  });

  it("applies overrides and refuses bad ones", () => {
    expect(nodeResources(facts, { cpu: "500m", memory: "1Gi", maxPods: 8 }).capacity).toEqual({
      cpu: "500m",
      memory: "1Gi",
      pods: "8",
    });
    expect(() => nodeResources(facts, { cpu: "many" })).toThrow(NodeConfigError);
    expect(() => nodeResources(facts, { memory: "-1Gi" })).toThrow(/must not be negative/);
    expect(() => nodeResources(facts, { maxPods: -1 })).toThrow(/max pods/);
  });
});

describe("node labels", () => {
  it("sets the well-known labels over operator ones", () => {
    expect(nodeLabels("n1", facts, { "kubernetes.io/hostname": "spoof", zone: "a" })).toMatchObject({
      zone: "a",
      "kubernetes.io/hostname": "n1",
      "kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
    });
  });
});

describe("host file parsing", () => {
  it("reads PRETTY_NAME and MemAvailable", () => {
    expect(prettyName('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe(
      "Debian GNU/Linux 12 (bookworm)",
    );
    expect(prettyName("")).toBe("");
    expect(memAvailableBytes("MemTotal: 10 kB\nMemAvailable:     2048 kB\n")).toBe(2048 * 1024);
    expect(memAvailableBytes("MemTotal: 10 kB\n")).toBeUndefined();
  });
});
