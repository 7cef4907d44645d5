import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServerFixture, startApiServer } from "./support/api-server.js";
import { requestJson } from "./support/http.js";
import { createKubectl, type Kubectl } from "./support/kubectl.js";
import { deploymentManifest } from "./support/manifests.js";

let api: ApiServerFixture;
let kubectl: Kubectl;

interface ServiceJson {
  spec: {
    type: string;
    clusterIP: string;
    selector?: Record<string, string>;
    ports: { name?: string; port: number; targetPort: number | string; nodePort?: number }[];
  };
}

async function service(name: string): Promise<ServiceJson> {
  return JSON.parse(await kubectl.ok(["get", "service", name, "-o", "json"])) as ServiceJson;
}

beforeAll(async () => {
  api = await startApiServer();
  kubectl = await createKubectl(api.url);
  const created = await requestJson(
    api.url,
    "POST",
    "/apis/apps/v1/namespaces/default/deployments",
    deploymentManifest("shop", { replicas: 1, containers: [{ name: "web", image: "nginx:1.27" }] }),
  );
  expect(created.status).toBe(201);
}, 60_000);

afterAll(async () => {
  await kubectl?.dispose();
  await api?.stop();
});

describe.sequential("services with the real kubectl", () => {
  it("kubectl expose makes a NodePort service with the deployment's selector", async () => {
    expect(
      await kubectl.ok([
        "expose",
        "deployment",
        "shop",
        "--port=80",
        "--target-port=8080",
        "--type=NodePort",
      ]),
    ).toBe("service/shop exposed\n");
    const shop = await service("shop");
    expect(shop.spec.type).toBe("NodePort");
    expect(shop.spec.selector).toEqual({ app: "shop" });
    expect(shop.spec.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    expect(shop.spec.ports[0]?.targetPort).toBe(8080);
    expect(shop.spec.ports[0]?.nodePort).toBeGreaterThanOrEqual(30000);
    expect(shop.spec.ports[0]?.nodePort).toBeLessThanOrEqual(32767);
    const table = await kubectl.ok(["get", "service", "shop"]);
    expect(table).toContain(`80:${shop.spec.ports[0]?.nodePort}/TCP`);
  });

  it("kubectl create service nodeport honours a requested node port and refuses it twice", async () => {
    await kubectl.ok(["create", "service", "nodeport", "web", "--tcp=80:8080", "--node-port=30080"]);
    const web = await service("web");
    expect(web.spec.ports).toEqual([
      { name: "80-8080", port: 80, protocol: "TCP", targetPort: 8080, nodePort: 30080 },
    ]);
    const refused = await kubectl.fails([
      "create",
      "service",
      "nodeport",
      "web2",
      "--tcp=80:8080",
      "--node-port=30080",
    ]);
    expect(refused).toContain(
      "spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated",
    );
  });

  it("kubectl create service clusterip --clusterip=None makes a headless service", async () => {
    await kubectl.ok(["create", "service", "clusterip", "db", "--clusterip=None", "--tcp=5432:5432"]);
    expect((await service("db")).spec.clusterIP).toBe("None");
  });

  it("frees the node port when the service is deleted", async () => {
    await kubectl.ok(["delete", "service", "web"]);
    await kubectl.ok(["create", "service", "nodeport", "web2", "--tcp=80:8080", "--node-port=30080"]);
    expect((await service("web2")).spec.ports[0]?.nodePort).toBe(30080);
  });
});
