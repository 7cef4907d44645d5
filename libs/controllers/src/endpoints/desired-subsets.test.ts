import { create } from "@bufbuild/protobuf";
import { intOrString, type Pod, PodSchema, type Service, ServiceSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { desiredSubsets, resolveTargetPort } from "./desired-subsets.js";

function pod(name: string, ip: string, ready: boolean, extra: { port?: number; phase?: string } = {}): Pod {
  return create(PodSchema, {
    metadata: { name, namespace: "ns", uid: `uid-${name}`, labels: { app: "web" } },
    spec: {
      nodeName: "node-1",
      restartPolicy: "Always",
      containers: [
        { name: "c", ports: [{ name: "http", containerPort: extra.port ?? 8080, protocol: "TCP" }] },
      ],
    },
    status: {
      phase: extra.phase ?? "Running",
      podIp: ip,
      conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
    },
  });
}

function service(targetPort: number | string, publishNotReady = false): Service {
  return create(ServiceSchema, {
    metadata: { name: "web", namespace: "ns" },
    spec: {
      selector: { app: "web" },
      publishNotReadyAddresses: publishNotReady,
      ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: intOrString(targetPort) }],
    },
  });
}

describe("resolveTargetPort", () => {
  it("takes numbers as they are, the service port for 0, and looks names up per pod", () => {
    const servicePort = (target: number | string) => service(target).spec?.ports[0];
    expect(resolveTargetPort(servicePort(9000) ?? fail(), pod("a", "10.0.0.1", true))).toBe(9000);
    expect(resolveTargetPort(servicePort(0) ?? fail(), pod("a", "10.0.0.1", true))).toBe(80);
    expect(resolveTargetPort(servicePort("http") ?? fail(), pod("a", "10.0.0.1", true, { port: 8081 }))).toBe(
      8081,
    );
    expect(resolveTargetPort(servicePort("grpc") ?? fail(), pod("a", "10.0.0.1", true))).toBeUndefined();
  });
});

describe("desiredSubsets", () => {
  it("puts ready pods in addresses and the others apart, with target refs and node names", () => {
    const subsets = desiredSubsets(service("http"), [
      pod("b", "10.0.0.2", true),
      pod("a", "10.0.0.1", true),
      pod("c", "10.0.0.3", false),
    ]);
    expect(subsets).toHaveLength(1);
    const [subset] = subsets;
    expect(subset?.addresses.map((address) => address.ip)).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(subset?.notReadyAddresses.map((address) => address.ip)).toEqual(["10.0.0.3"]);
    expect(subset?.addresses[0]?.targetRef).toMatchObject({
      kind: "Pod",
      name: "a",
      namespace: "ns",
      uid: "uid-a",
    });
    expect(subset?.addresses[0]?.nodeName).toBe("node-1");
    expect(subset?.ports).toMatchObject([{ name: "http", port: 8080, protocol: "TCP" }]);
  });

  it("groups pods by the port a named target port resolves to", () => {
    const subsets = desiredSubsets(service("http"), [
      pod("a", "10.0.0.1", true, { port: 8080 }),
      pod("b", "10.0.0.2", true, { port: 9090 }),
    ]);
    expect(subsets.map((subset) => [subset.ports[0]?.port, subset.addresses.map((a) => a.ip)])).toEqual([
      [8080, ["10.0.0.1"]],
      [9090, ["10.0.0.2"]],
    ]);
  });

  it("leaves out pods without an IP, being deleted, finished, or without the named port", () => {
    const deleting = pod("d", "10.0.0.4", true);
    if (deleting.metadata)
      deleting.metadata.deletionTimestamp = { $typeName: "google.protobuf.Timestamp", seconds: 1n, nanos: 0 };
    const finished = pod("f", "10.0.0.5", false, { phase: "Succeeded" });
    if (finished.spec) finished.spec.restartPolicy = "Never";
    const subsets = desiredSubsets(service("http"), [pod("n", "", true), deleting, finished]);
    expect(subsets).toEqual([]);
    expect(desiredSubsets(service("grpc"), [pod("a", "10.0.0.1", true)])).toEqual([]);
  });

  it("publishes not-ready pods as ready when the service asks for it", () => {
    const [subset] = desiredSubsets(service(8080, true), [pod("c", "10.0.0.3", false)]);
    expect(subset?.addresses.map((address) => address.ip)).toEqual(["10.0.0.3"]);
    expect(subset?.notReadyAddresses).toEqual([]);
  });
});

function fail(): never {
  throw new Error("missing service port");
}
