import {
  ConfigMapSchema,
  DeleteOptionsSchema,
  decodeObject,
  encodeKubernetesProtobuf,
  KUBERNETES_PROTOBUF,
} from "@capstan/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type ApiServerFixture, startApiServer } from "./support/api-server.js";
import { createKubectl, type Kubectl } from "./support/kubectl.js";

// kubectl's typed `create` commands and `expose` POST application/vnd.kubernetes.protobuf, with no JSON
// fallback: the apiserver must read Kubernetes protobuf for them to work at all.

let api: ApiServerFixture;
let kubectl: Kubectl;

beforeAll(async () => {
  api = await startApiServer();
  kubectl = await createKubectl(api.url);
});
afterAll(async () => {
  await kubectl?.dispose();
  await api?.stop();
});

/** `value` without its null fields: kubectl's dry run prints `creationTimestamp: null`, a server omits it. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

/** `args` with `flags` put before a `--` (after it they would be the container's command). */
function withFlags(args: readonly string[], ...flags: string[]): string[] {
  const end = args.indexOf("--");
  return end < 0 ? [...args, ...flags] : [...args.slice(0, end), ...flags, ...args.slice(end)];
}

describe.sequential("kubectl create over Kubernetes protobuf", () => {
  it("creates a deployment that kubectl then reads back", async () => {
    const created = await kubectl.ok(["create", "deployment", "web", "--image=nginx:1.27", "--replicas=2"]);
    expect(created).toBe("deployment.apps/web created\n");
    const stored = parse(await kubectl.ok(["get", "deploy", "web", "-o", "yaml"])) as unknown;
    expect(stored).toMatchObject({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default", labels: { app: "web" }, generation: 1 },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "web" } },
        template: { spec: { containers: [{ name: "nginx", image: "nginx:1.27", resources: {} }] } },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      },
    });
  });

  it.each([
    ["service/api", ["create", "service", "clusterip", "api", "--tcp=80:8080", "--tcp=443:https"]],
    ["configmap/settings", ["create", "configmap", "settings", "--from-literal=mode=fast"]],
    ["secret/creds", ["create", "secret", "generic", "creds", "--from-literal=password=s3cr3t"]],
    ["namespace/team-a", ["create", "namespace", "team-a"]],
    [
      "job/pi",
      ["create", "job", "pi", "--image=perl:5.34", "--", "perl", "-Mbignum=bpi", "-wle", "print bpi(20)"],
    ],
  ])("stores %s with everything kubectl's dry run shows", async (name, args) => {
    const printed = withoutNulls(
      JSON.parse(await kubectl.ok(withFlags(args, "--dry-run=client", "-o", "json"))),
    );
    expect(await kubectl.ok(args)).toMatch(
      new RegExp(`^${name.split("/")[0]}.*/${name.split("/")[1]} created\n$`),
    );
    const stored = JSON.parse(await kubectl.ok(["get", name, "-o", "json"])) as unknown;
    expect(stored).toMatchObject(printed as object);
  });

  it("exposes a deployment as a service with a named target port", async () => {
    expect(
      await kubectl.ok(["expose", "deployment", "web", "--name=web", "--port=80", "--target-port=http"]),
    ).toBe("service/web exposed\n");
    const service = JSON.parse(await kubectl.ok(["get", "service", "web", "-o", "json"])) as unknown;
    expect(service).toMatchObject({
      spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http", protocol: "TCP" }] },
    });
  });

  it("updates and deletes with protobuf bodies, as client-go's typed Update and Delete send them", async () => {
    const path = "/api/v1/namespaces/default/configmaps/settings";
    const current = await (await fetch(`${api.url}${path}`)).json();
    const { message } = decodeObject(ConfigMapSchema, current, { unknownFields: "strict" });
    message.data = { mode: "slow" };
    const put = await fetch(`${api.url}${path}`, {
      method: "PUT",
      headers: { "content-type": KUBERNETES_PROTOBUF, accept: "application/json" },
      body: encodeKubernetesProtobuf(ConfigMapSchema, message),
    });
    expect(put.status).toBe(200);
    expect(await kubectl.ok(["get", "configmap", "settings", "-o", "jsonpath={.data.mode}"])).toBe("slow");

    const options = decodeObject(
      DeleteOptionsSchema,
      { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0 },
      { unknownFields: "strict" },
    ).message;
    const deleted = await fetch(`${api.url}${path}`, {
      method: "DELETE",
      headers: { "content-type": KUBERNETES_PROTOBUF, accept: "application/json" },
      body: encodeKubernetesProtobuf(DeleteOptionsSchema, options),
    });
    expect(deleted.status).toBe(200);
    expect((await fetch(`${api.url}${path}`)).status).toBe(404);
  });

  it("answers a malformed protobuf body with a 400 Status", async () => {
    const response = await fetch(`${api.url}/api/v1/namespaces/default/configmaps`, {
      method: "POST",
      headers: { "content-type": "application/vnd.kubernetes.protobuf", accept: "application/json" },
      body: Buffer.from("k8s\u0000\n\u0005"),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ kind: "Status", reason: "BadRequest", code: 400 });
  });
});
