import { create } from "@bufbuild/protobuf";
import { type Endpoints, EndpointsSchema, type Service, ServiceSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { answerClusterQuestion, type ClusterView, RCODE } from "./cluster-records.js";

const services: Record<string, Service> = {
  "shop/web": create(ServiceSchema, {
    metadata: { name: "web", namespace: "shop" },
    spec: { clusterIp: "10.96.0.5", ports: [{ name: "http", port: 80, protocol: "TCP" }] },
  } as never),
  "shop/db": create(ServiceSchema, {
    metadata: { name: "db", namespace: "shop" },
    spec: { clusterIp: "None" },
  } as never),
  "shop/ext": create(ServiceSchema, {
    metadata: { name: "ext", namespace: "shop" },
    spec: { type: "ExternalName", externalName: "db.example.com" },
  } as never),
};
const endpoints: Record<string, Endpoints> = {
  "shop/db": create(EndpointsSchema, {
    subsets: [
      { addresses: [{ ip: "172.17.0.4" }, { ip: "172.17.0.5" }], notReadyAddresses: [{ ip: "172.17.0.6" }] },
    ],
  }),
};
const view: ClusterView = {
  service: (namespace, name) => services[`${namespace}/${name}`],
  endpoints: (namespace, name) => endpoints[`${namespace}/${name}`],
};

function ask(name: string, type: "A" | "AAAA" | "SRV" | "CNAME" = "A") {
  const answer = answerClusterQuestion(name, type, "cluster.local", view);
  return (
    answer && {
      rcode: answer.rcode,
      data: answer.answers.map((record) => ("data" in record ? record.data : undefined)),
    }
  );
}

describe("cluster DNS records", () => {
  it("answers a service's cluster IP, case-insensitively and with a trailing dot", () => {
    expect(ask("web.shop.svc.cluster.local")).toEqual({ rcode: RCODE.NOERROR, data: ["10.96.0.5"] });
    expect(ask("WEB.Shop.svc.cluster.local.")).toEqual({ rcode: RCODE.NOERROR, data: ["10.96.0.5"] });
    expect(ask("web.shop.svc.cluster.local", "AAAA")).toEqual({ rcode: RCODE.NOERROR, data: [] });
  });

  it("answers the ready pod IPs of a headless service and a CNAME for an ExternalName", () => {
    expect(ask("db.shop.svc.cluster.local")).toEqual({
      rcode: RCODE.NOERROR,
      data: ["172.17.0.4", "172.17.0.5"],
    });
    expect(ask("ext.shop.svc.cluster.local")).toEqual({ rcode: RCODE.NOERROR, data: ["db.example.com"] });
  });

  it("answers SRV for named ports and A for dashed pod names", () => {
    expect(ask("_http._tcp.web.shop.svc.cluster.local", "SRV")).toEqual({
      rcode: RCODE.NOERROR,
      data: [{ priority: 0, weight: 100, port: 80, target: "web.shop.svc.cluster.local" }],
    });
    expect(ask("_http._udp.web.shop.svc.cluster.local", "SRV")?.rcode).toBe(RCODE.NXDOMAIN);
    expect(ask("172-17-0-9.shop.pod.cluster.local")).toEqual({ rcode: RCODE.NOERROR, data: ["172.17.0.9"] });
    expect(ask("172-17-0-999.shop.pod.cluster.local")?.rcode).toBe(RCODE.NXDOMAIN);
  });

  it("says NXDOMAIN for unknown names in the zone and leaves other zones alone", () => {
    for (const name of [
      "nope.shop.svc.cluster.local",
      "web.other.svc.cluster.local",
      "web.shop.cluster.local",
      "web.shop.svc.cluster.local.shop.svc.cluster.local",
    ])
      expect(ask(name)?.rcode).toBe(RCODE.NXDOMAIN);
    expect(ask("example.com")).toBeUndefined();
    expect(ask("notcluster.local")).toBeUndefined();
  });
});
