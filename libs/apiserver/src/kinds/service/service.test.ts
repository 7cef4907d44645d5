import { encodeObject, type JsonObject, type Service, ServiceSchema } from "@capstan/api";
import { formatFieldError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { kindFixture } from "../../../test/kind-fixture.js";

const { strategy, defaulted } = kindFixture("v1", "Service", ServiceSchema);
const now = new Date("2025-06-01T12:00:00Z");

function service(spec: Record<string, unknown>, name = "web", status: Record<string, unknown> = {}): Service {
  return defaulted({
    metadata: { name, namespace: "default", creationTimestamp: "2025-06-01T11:00:00Z" },
    spec,
    status,
  });
}

function errors(object: Service): string[] {
  return strategy.validate(object).map(formatFieldError);
}

function cells(object: Service): unknown[] {
  return strategy.columns.map((column) => column.cell(object, now));
}

describe("service defaults", () => {
  it("fills type, affinity, protocols, target ports and IP families", () => {
    const spec = encodeObject(
      ServiceSchema,
      service({
        selector: { app: "web" },
        ports: [{ port: 80 }, { port: 53, protocol: "UDP", targetPort: "dns" }],
      }),
    ).spec;
    expect(spec).toEqual({
      ports: [
        { protocol: "TCP", port: 80, targetPort: 80 },
        { protocol: "UDP", port: 53, targetPort: "dns" },
      ],
      selector: { app: "web" },
      type: "ClusterIP",
      sessionAffinity: "None",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      internalTrafficPolicy: "Cluster",
    });
  });

  it("gives NodePort services an external traffic policy and ClientIP affinity a timeout", () => {
    const spec = encodeObject(
      ServiceSchema,
      service({ type: "NodePort", sessionAffinity: "ClientIP", ports: [{ port: 80 }] }),
    ).spec as JsonObject;
    expect(spec.externalTrafficPolicy).toBe("Cluster");
    expect(spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });
});

describe("service validation", () => {
  it("wants a DNS-1035 name and ports", () => {
    expect(errors(service({}, "1web"))).toEqual([
      expect.stringMatching(/^metadata\.name: Invalid value: "1web": a DNS-1035 label must consist of/),
      "spec.ports: Required value",
    ]);
    expect(errors(service({ clusterIP: "None" }))).toEqual([]);
  });

  it("checks ports: names, ranges, duplicates, node ports", () => {
    const ports = [
      { port: 80, nodePort: 70000 },
      { name: "b", port: 80 },
      { name: "c", port: 70000, protocol: "QUIC" },
    ];
    expect(errors(service({ type: "NodePort", ports }))).toEqual([
      "spec.ports[0].name: Required value",
      "spec.ports[0].nodePort: Invalid value: 70000: must be between 1 and 65535, inclusive",
      'spec.ports[1]: Duplicate value: {"port":80,"protocol":"TCP"}',
      "spec.ports[2].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
      'spec.ports[2].protocol: Unsupported value: "QUIC": supported values: "SCTP", "TCP", "UDP"',
      "spec.ports[2].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
    ]);
    expect(errors(service({ ports: [{ port: 80, nodePort: 30080 }] }))).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
  });

  it("checks type, cluster IP and external names", () => {
    expect(errors(service({ type: "Magic", ports: [{ port: 80 }] }))).toEqual([
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
    expect(errors(service({ clusterIP: "10.0.0.300", ports: [{ port: 80 }] }))).toEqual([
      'spec.clusterIP: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
    expect(errors(service({ type: "ExternalName" }))).toEqual(["spec.externalName: Required value"]);
    expect(errors(service({ type: "ExternalName", externalName: "db.example.com" }))).toEqual([]);
  });

  it("keeps an allocated cluster IP", () => {
    const before = service({ clusterIP: "10.96.0.10", ports: [{ port: 80 }] });
    const after = service({ clusterIP: "10.96.0.11", ports: [{ port: 80 }] });
    expect(strategy.validateUpdate(after, before).map(formatFieldError)).toEqual([
      'spec.clusterIP: Invalid value: "10.96.0.11": field is immutable',
    ]);
  });
});

describe("service columns", () => {
  it("print TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE SELECTOR", () => {
    expect(strategy.columns.map((column) => column.name)).toEqual([
      "Type",
      "Cluster-IP",
      "External-IP",
      "Port(s)",
      "Age",
      "Selector",
    ]);
    expect(
      cells(service({ clusterIP: "10.96.0.1", ports: [{ port: 443, name: "https" }] }, "kubernetes")),
    ).toEqual(["ClusterIP", "10.96.0.1", "<none>", "443/TCP", "60m", "<none>"]);
    const nodePort = service({
      type: "NodePort",
      selector: { tier: "web", app: "shop" },
      ports: [{ port: 80, nodePort: 30080 }],
    });
    expect(cells(nodePort)).toEqual([
      "NodePort",
      "<none>",
      "<none>",
      "80:30080/TCP",
      "60m",
      "app=shop,tier=web",
    ]);
  });

  it("shows load balancer addresses or <pending>", () => {
    const pending = service({ type: "LoadBalancer", ports: [{ port: 80 }] });
    expect(cells(pending)[2]).toBe("<pending>");
    const ready = service({ type: "LoadBalancer", ports: [{ port: 80 }] }, "web", {
      loadBalancer: { ingress: [{ ip: "192.0.2.7" }] },
    });
    expect(cells(ready)[2]).toBe("192.0.2.7");
    expect(cells(service({ type: "ExternalName", externalName: "db.example.com" }))[2]).toBe(
      "db.example.com",
    );
  });
});
