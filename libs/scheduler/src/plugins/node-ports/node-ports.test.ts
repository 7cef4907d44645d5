import { describe, expect, it } from "vitest";
import { info, testNode, testPod } from "../../../test/fixtures.js";
import { CycleState } from "../../framework/cycle-state.js";
import { createSnapshot } from "../../framework/snapshot.js";
import type { NodeInfo } from "../../framework/types.js";
import { conflicts, NODE_PORTS_REASON, nodePortsPlugin } from "./node-ports.js";

function withPorts(name: string, ports: { hostPort: number; hostIp?: string; protocol?: string }[]) {
  return testPod(name, {}, { containers: [{ name: "app", image: "nginx", ports }] });
}

function filter(pod: ReturnType<typeof testPod>, node: NodeInfo) {
  const state = new CycleState();
  nodePortsPlugin.preFilter(pod, createSnapshot([node]), state);
  return nodePortsPlugin.filter(pod, node, state);
}

describe("NodePorts", () => {
  const busy = info(testNode("a"), [withPorts("web", [{ hostPort: 80, hostIp: "10.0.0.1" }])]);

  it("rejects a node where the host port is taken, with Kubernetes' reason", () => {
    expect(filter(withPorts("p", [{ hostPort: 80 }]), busy)).toEqual([NODE_PORTS_REASON]);
    expect(filter(withPorts("p", [{ hostPort: 80, hostIp: "10.0.0.1" }]), busy)).toEqual([NODE_PORTS_REASON]);
  });

  it("lets a pod whose port, protocol or address differs", () => {
    expect(filter(withPorts("p", [{ hostPort: 81 }]), busy)).toBeUndefined();
    expect(filter(withPorts("p", [{ hostPort: 80, protocol: "UDP" }]), busy)).toBeUndefined();
    expect(filter(withPorts("p", [{ hostPort: 80, hostIp: "10.0.0.2" }]), busy)).toBeUndefined();
    expect(filter(testPod("p"), busy)).toBeUndefined();
  });

  it("ignores container ports without a host port", () => {
    const pod = testPod(
      "p",
      {},
      { containers: [{ name: "app", image: "nginx", ports: [{ containerPort: 80 }] }] },
    );
    expect(filter(pod, info(testNode("a"), [pod]))).toBeUndefined();
  });

  it("treats 0.0.0.0 as overlapping every address", () => {
    const any = { ip: "0.0.0.0", protocol: "TCP", port: 8080 };
    expect(conflicts(any, { ip: "127.0.0.1", protocol: "TCP", port: 8080 })).toBe(true);
    expect(conflicts({ ...any, ip: "127.0.0.1" }, { ...any, ip: "127.0.0.2" })).toBe(false);
  });
});
