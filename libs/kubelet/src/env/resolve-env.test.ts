import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  type ConfigMap,
  ConfigMapSchema,
  ContainerSchema,
  PodSchema,
  type Secret,
  SecretSchema,
  type Service,
  ServiceSchema,
} from "@capstan/api";
import { describe, expect, it } from "vitest";
import type { ApiLookups } from "./api-lookups.js";
import { EnvError } from "./env-error.js";
import { resolveEnv } from "./resolve-env.js";

const context = {
  nodeName: "node-1",
  hostIP: "10.0.0.1",
  podIP: "172.17.0.5",
  nodeAllocatable: { cpu: "4", memory: "8Gi" },
};

function service(
  namespace: string,
  name: string,
  ip: string,
  ports: { name?: string; port: number; protocol?: string }[],
): Service {
  return create(ServiceSchema, { metadata: { namespace, name }, spec: { clusterIp: ip, ports } });
}

function lookups(objects: {
  configMaps?: ConfigMap[];
  secrets?: Secret[];
  services?: Service[];
}): ApiLookups & { reads: string[] } {
  const reads: string[] = [];
  const find = <T extends { metadata?: { namespace?: string; name?: string } }>(
    list: T[] = [],
    ns: string,
    name: string,
  ) => list.find((object) => object.metadata?.namespace === ns && object.metadata?.name === name);
  return {
    reads,
    getConfigMap: async (ns, name) => {
      reads.push(`cm ${ns}/${name}`);
      return find(objects.configMaps, ns, name);
    },
    getSecret: async (ns, name) => find(objects.secrets, ns, name),
    listServices: async (ns) => (objects.services ?? []).filter((s) => s.metadata?.namespace === ns),
  };
}

type ContainerInit = MessageInitShape<typeof ContainerSchema>;
const pod = (container: ContainerInit, spec: MessageInitShape<typeof PodSchema>["spec"] = {}) =>
  create(PodSchema, {
    metadata: {
      namespace: "shop",
      name: "web-1",
      uid: "u-1",
      labels: { app: "web" },
      annotations: { team: "a" },
    },
    spec: { nodeName: "node-1", serviceAccountName: "default", containers: [container], ...spec },
  });
const env = (p: ReturnType<typeof pod>, api: ApiLookups) =>
  resolveEnv(p, p.spec?.containers[0] ?? create(ContainerSchema), context, api);

describe("resolveEnv", () => {
  it("applies envFrom then env in order, expands $(VAR), and reads the downward API", async () => {
    const api = lookups({
      configMaps: [
        create(ConfigMapSchema, {
          metadata: { namespace: "shop", name: "cfg" },
          data: { MODE: "prod", "bad=key": "x" },
        }),
      ],
      secrets: [
        create(SecretSchema, {
          metadata: { namespace: "shop", name: "creds" },
          data: { PASSWORD: new TextEncoder().encode("s3cret") },
        }),
      ],
    });
    const p = pod({
      name: "app",
      resources: { limits: { cpu: "500m", memory: "128Mi" } },
      envFrom: [{ configMapRef: { name: "cfg" }, prefix: "CFG_" }, { secretRef: { name: "creds" } }],
      env: [
        { name: "GREETING", value: "hello $(CFG_MODE) $$(CFG_MODE) $(NOPE)" },
        { name: "CFG_MODE", value: "override" },
        { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        { name: "NS", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
        { name: "UID", valueFrom: { fieldRef: { fieldPath: "metadata.uid" } } },
        { name: "APP", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: "TEAM", valueFrom: { fieldRef: { fieldPath: "metadata.annotations['team']" } } },
        { name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
        { name: "SA", valueFrom: { fieldRef: { fieldPath: "spec.serviceAccountName" } } },
        { name: "IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
        { name: "HOST", valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } },
        { name: "CPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
        { name: "MILLICPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu", divisor: "1m" } } },
        { name: "MEM_MI", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } } },
        { name: "MODE", valueFrom: { configMapKeyRef: { name: "cfg", key: "MODE" } } },
        { name: "PW", valueFrom: { secretKeyRef: { name: "creds", key: "PASSWORD" } } },
      ],
    });
    expect(await env(p, api)).toEqual([
      "CFG_MODE=override",
      "PASSWORD=s3cret",
      "GREETING=hello prod $(CFG_MODE) $(NOPE)",
      "POD=web-1",
      "NS=shop",
      "UID=u-1",
      "APP=web",
      "TEAM=a",
      "NODE=node-1",
      "SA=default",
      "IP=172.17.0.5",
      "HOST=10.0.0.1",
      "CPU=1",
      "MILLICPU=500",
      "MEM_MI=128",
      "MODE=prod",
      "PW=s3cret",
    ]);
    expect(api.reads).toEqual(["cm shop/cfg"]);
  });

  it("adds docker-link service variables for the pod's namespace and the kubernetes service, lowest precedence", async () => {
    const api = lookups({
      services: [
        service("shop", "redis-main", "10.96.0.7", [{ name: "tcp-redis", port: 6379 }]),
        service("shop", "headless", "None", [{ port: 80 }]),
        service("other", "elsewhere", "10.96.0.9", [{ port: 80 }]),
        service("default", "kubernetes", "10.96.0.1", [{ name: "https", port: 443 }]),
      ],
    });
    const vars = await env(
      pod({ name: "app", env: [{ name: "KUBERNETES_SERVICE_PORT", value: "mine" }] }),
      api,
    );
    expect(vars).toEqual(
      expect.arrayContaining([
        "REDIS_MAIN_SERVICE_HOST=10.96.0.7",
        "REDIS_MAIN_SERVICE_PORT=6379",
        "REDIS_MAIN_SERVICE_PORT_TCP_REDIS=6379",
        "REDIS_MAIN_PORT=tcp://10.96.0.7:6379",
        "REDIS_MAIN_PORT_6379_TCP=tcp://10.96.0.7:6379",
        "REDIS_MAIN_PORT_6379_TCP_PROTO=tcp",
        "REDIS_MAIN_PORT_6379_TCP_PORT=6379",
        "REDIS_MAIN_PORT_6379_TCP_ADDR=10.96.0.7",
        "KUBERNETES_SERVICE_HOST=10.96.0.1",
        "KUBERNETES_SERVICE_PORT=mine",
      ]),
    );
    expect(vars.join("\n")).not.toMatch(/HEADLESS|ELSEWHERE/);
    const noLinks = await env(pod({ name: "app" }, { enableServiceLinks: false }), api);
    expect(noLinks.some((v) => v.startsWith("REDIS_MAIN"))).toBe(false);
    expect(noLinks).toContain("KUBERNETES_SERVICE_HOST=10.96.0.1");
  });

  it("names what is missing, and leaves out optional references", async () => {
    const api = lookups({
      configMaps: [create(ConfigMapSchema, { metadata: { namespace: "shop", name: "cfg" }, data: {} })],
    });
    const missingMap = pod({
      name: "a",
      env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "nope", key: "k" } } }],
    });
    await expect(env(missingMap, api)).rejects.toThrow(new EnvError('configmap "nope" not found'));
    const missingKey = pod({
      name: "a",
      env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "cfg", key: "k" } } }],
    });
    await expect(env(missingKey, api)).rejects.toThrow("couldn't find key k in ConfigMap shop/cfg");
    const missingSecret = pod({ name: "a", envFrom: [{ secretRef: { name: "s" } }] });
    await expect(env(missingSecret, api)).rejects.toMatchObject({
      reason: "CreateContainerConfigError",
      message: 'secret "s" not found',
    });
    const optional = pod({
      name: "a",
      envFrom: [{ secretRef: { name: "s", optional: true } }],
      env: [
        { name: "X", valueFrom: { configMapKeyRef: { name: "cfg", key: "k", optional: true } } },
        { name: "Y", valueFrom: { secretKeyRef: { name: "s", key: "k", optional: true } } },
      ],
    });
    expect(await env(optional, api)).toEqual([]);
    const badPath = pod({
      name: "a",
      env: [{ name: "X", valueFrom: { fieldRef: { fieldPath: "spec.bogus" } } }],
    });
    await expect(env(badPath, api)).rejects.toThrow(/unsupported fieldRef path "spec.bogus"/);
  });
});
