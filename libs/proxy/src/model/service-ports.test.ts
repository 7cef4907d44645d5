import { create } from "@bufbuild/protobuf";
import { type Endpoints, EndpointsSchema, type Service, ServiceSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { servicePorts } from "./service-ports.js";

function service(spec: Record<string, unknown>): Service {
  return create(ServiceSchema, { metadata: { name: "web", namespace: "shop" }, spec } as never);
}

const endpoints: Endpoints = create(EndpointsSchema, {
  metadata: { name: "web", namespace: "shop" },
  subsets: [
    {
      addresses: [{ ip: "172.17.0.2" }, { ip: "172.17.0.3" }],
      notReadyAddresses: [{ ip: "172.17.0.9" }],
      ports: [
        { name: "http", port: 8080, protocol: "TCP" },
        { name: "dns", port: 5353, protocol: "UDP" },
      ],
    },
  ],
});

describe("servicePorts", () => {
  it("gives each TCP and UDP port its ready backends, matched by port name and protocol", () => {
    const ports = servicePorts(
      service({
        type: "NodePort",
        clusterIp: "10.96.0.5",
        sessionAffinity: "ClientIP",
        sessionAffinityConfig: { clientIp: { timeoutSeconds: 60 } },
        ports: [
          { name: "http", port: 80, protocol: "TCP", nodePort: 30080 },
          { name: "dns", port: 53, protocol: "UDP", nodePort: 30053 },
          { name: "sctp", port: 99, protocol: "SCTP", nodePort: 30099 },
        ],
      }),
      endpoints,
    );
    expect(ports).toEqual([
      {
        id: "shop/web:http",
        namespace: "shop",
        name: "web",
        portName: "http",
        protocol: "TCP",
        clusterIp: "10.96.0.5",
        port: 80,
        nodePort: 30080,
        affinityTimeoutMs: 60_000,
        backends: [
          { ip: "172.17.0.2", port: 8080 },
          { ip: "172.17.0.3", port: 8080 },
        ],
      },
      expect.objectContaining({
        id: "shop/web:dns",
        protocol: "UDP",
        backends: [
          { ip: "172.17.0.2", port: 5353 },
          { ip: "172.17.0.3", port: 5353 },
        ],
      }),
    ]);
  });

  it("has no backends without Endpoints, and nothing for headless or ExternalName services", () => {
    const plain = servicePorts(
      service({ clusterIp: "10.96.0.6", ports: [{ port: 80, protocol: "TCP" }] }),
      undefined,
    );
    expect(plain.map((port) => [port.id, port.backends.length, port.affinityTimeoutMs])).toEqual([
      ["shop/web:", 0, 0],
    ]);
    expect(
      servicePorts(service({ clusterIp: "None", ports: [{ port: 80, protocol: "TCP" }] }), endpoints),
    ).toEqual([]);
    expect(
      servicePorts(service({ type: "ExternalName", externalName: "db.example.com" }), undefined),
    ).toEqual([]);
  });
});
