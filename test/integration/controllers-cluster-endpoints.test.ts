import { create } from "@bufbuild/protobuf";
import {
  type EndpointAddress,
  EndpointsService,
  intOrString,
  type Pod,
  PodSchema,
  PodService,
  ServiceSchema,
  ServiceService,
} from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { createEndpointsController } from "@capstan/controllers";
import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ControllerCluster, startControllerCluster } from "./controllers-cluster-fixture.js";

let cluster: ControllerCluster;

beforeAll(async () => {
  cluster = await startControllerCluster([createEndpointsController]);
}, 30_000);

afterAll(async () => {
  await cluster?.stop();
});

function client() {
  return {
    pods: cluster.context.client(PodService),
    services: cluster.context.client(ServiceService),
    endpoints: cluster.context.client(EndpointsService),
  };
}

/** Creates a pod with a named container port, then gives it an IP and a readiness, as a kubelet would. */
async function runPod(name: string, ip: string, ready: boolean, containerPort: number): Promise<Pod> {
  const { pods } = client();
  const created = await pods.create(
    create(PodSchema, {
      metadata: { name, namespace: "default", labels: { app: "web" } },
      spec: {
        nodeName: "node-a",
        containers: [{ name: "web", image: "web:1", ports: [{ name: "http", containerPort }] }],
      },
    }),
  );
  return setReady(created, ip, ready);
}

async function setReady(pod: Pod, ip: string, ready: boolean): Promise<Pod> {
  const { pods } = client();
  const current = await pods.get({ namespace: "default", name: pod.metadata?.name ?? "" });
  if (!current.status) throw new Error("pod without status");
  current.status.phase = "Running";
  current.status.podIp = ip;
  current.status.conditions = [
    {
      $typeName: "capstan.core.v1.PodCondition",
      type: "Ready",
      status: ready ? "True" : "False",
      observedGeneration: 0n,
      reason: "",
      message: "",
    },
  ];
  return pods.updateStatus(current);
}

async function endpointsOf(name: string) {
  try {
    return await client().endpoints.get({ namespace: "default", name });
  } catch (error) {
    if (ApiError.is(error, "NotFound")) return undefined;
    throw error;
  }
}

describe("endpoints controller", () => {
  it("follows pod readiness with named ports resolved per pod, and goes with its service", async () => {
    const { services } = client();
    await runPod("web-1", "10.1.0.1", true, 8080);
    await runPod("web-2", "10.1.0.2", false, 9090);
    await services.create(
      create(ServiceSchema, {
        metadata: { name: "web", namespace: "default", labels: { tier: "front" } },
        spec: {
          selector: { app: "web" },
          ports: [{ name: "http", port: 80, targetPort: intOrString("http") }],
        },
      }),
    );
    const first = await waitFor(
      async () => {
        const endpoints = await endpointsOf("web");
        return endpoints?.subsets.length === 2 ? endpoints : undefined;
      },
      { description: "endpoints with two subsets" },
    );
    expect(first.metadata?.labels).toEqual({ tier: "front" });
    const byPort = Object.fromEntries(first.subsets.map((subset) => [subset.ports[0]?.port, subset]));
    expect(
      byPort[8080]?.addresses.map((address: EndpointAddress) => [
        address.ip,
        address.targetRef?.name,
        address.nodeName,
      ]),
    ).toEqual([["10.1.0.1", "web-1", "node-a"]]);
    expect(byPort[9090]?.notReadyAddresses.map((address: EndpointAddress) => address.ip)).toEqual([
      "10.1.0.2",
    ]);

    const pod2 = await client().pods.get({ namespace: "default", name: "web-2" });
    const changedAt = Date.now();
    await setReady(pod2, "10.1.0.2", true);
    await waitFor(
      async () => {
        const endpoints = await endpointsOf("web");
        return endpoints?.subsets.every(
          (subset) => subset.notReadyAddresses.length === 0 && subset.addresses.length === 1,
        );
      },
      { description: "web-2 ready in the endpoints", intervalMs: 10 },
    );
    expect(Date.now() - changedAt).toBeLessThan(1000);

    await services.delete({ namespace: "default", name: "web" });
    await waitFor(async () => (await endpointsOf("web")) === undefined, { description: "endpoints deleted" });
  });

  it("leaves the endpoints of a service without a selector alone", async () => {
    const { services, endpoints } = client();
    await services.create(
      create(ServiceSchema, {
        metadata: { name: "external", namespace: "default" },
        spec: { ports: [{ port: 5432, targetPort: intOrString(5432) }] },
      }),
    );
    await endpoints.create({
      metadata: { name: "external", namespace: "default" },
      subsets: [{ addresses: [{ ip: "192.0.2.10" }], ports: [{ port: 5432, protocol: "TCP" }] }],
    });
    // A selector service created afterwards gets reconciled: once it has endpoints, the earlier one was seen too.
    await services.create(
      create(ServiceSchema, {
        metadata: { name: "marker", namespace: "default" },
        spec: { selector: { app: "none" }, ports: [{ port: 1, targetPort: intOrString(1) }] },
      }),
    );
    await waitFor(async () => (await endpointsOf("marker")) !== undefined, {
      description: "marker endpoints",
    });
    const kept = await endpointsOf("external");
    expect(kept?.subsets[0]?.addresses[0]?.ip).toBe("192.0.2.10");
  });
});
