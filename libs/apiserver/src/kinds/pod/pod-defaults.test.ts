import { decodeObject, encodeObject, type JsonObject, type Pod, PodSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { defaultPullPolicy } from "./container-defaults.js";
import { defaultPod } from "./pod-defaults.js";

function defaulted(json: Record<string, unknown>): JsonObject {
  const pod: Pod = decodeObject(PodSchema, json, { unknownFields: "strict" }).message;
  defaultPod(pod);
  return encodeObject(PodSchema, pod);
}

const minimal = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default" },
  spec: { containers: [{ name: "web", image: "nginx", ports: [{ containerPort: 80 }] }] },
};

describe("defaultPullPolicy", () => {
  it.each([
    ["nginx", "Always"],
    ["nginx:latest", "Always"],
    ["nginx:1.27", "IfNotPresent"],
    ["127.0.0.1:5000/library/busybox", "Always"],
    ["127.0.0.1:5000/library/busybox:1.36", "IfNotPresent"],
    ["nginx@sha256:0123456789abcdef", "IfNotPresent"],
    ["nginx:latest@sha256:0123456789abcdef", "Always"],
  ])("%s -> %s", (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});

describe("defaultPod", () => {
  it("fills the spec defaults Kubernetes fills", () => {
    const spec = defaulted(minimal).spec as JsonObject;
    expect(spec).toMatchObject({
      restartPolicy: "Always",
      dnsPolicy: "ClusterFirst",
      schedulerName: "default-scheduler",
      terminationGracePeriodSeconds: 30,
      securityContext: {},
      enableServiceLinks: true,
      serviceAccountName: "default",
      serviceAccount: "default",
      priority: 0,
      preemptionPolicy: "PreemptLowerPriority",
    });
    expect((spec.containers as JsonObject[])[0]).toEqual({
      name: "web",
      image: "nginx",
      ports: [{ containerPort: 80, protocol: "TCP" }],
      imagePullPolicy: "Always",
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
      resources: {},
    });
  });

  it("adds the NoExecute tolerations for not-ready and unreachable nodes once", () => {
    const once = defaulted(minimal);
    const tolerations = (once.spec as JsonObject).tolerations;
    expect(tolerations).toEqual([
      {
        key: "node.kubernetes.io/not-ready",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 300,
      },
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 300,
      },
    ]);
    expect((defaulted(once).spec as JsonObject).tolerations).toEqual(tolerations);
  });

  it("keeps a pod's own toleration of a node taint", () => {
    const pod = {
      ...minimal,
      spec: {
        ...minimal.spec,
        tolerations: [
          {
            key: "node.kubernetes.io/unreachable",
            operator: "Exists",
            effect: "NoExecute",
            tolerationSeconds: 5,
          },
        ],
      },
    };
    const tolerations = (defaulted(pod).spec as JsonObject).tolerations as JsonObject[];
    expect(tolerations.map((toleration) => [toleration.key, toleration.tolerationSeconds])).toEqual([
      ["node.kubernetes.io/unreachable", 5],
      ["node.kubernetes.io/not-ready", 300],
    ]);
  });

  it("defaults probes, requests from limits and the QoS class", () => {
    const pod = defaulted({
      ...minimal,
      spec: {
        containers: [
          {
            name: "web",
            image: "nginx:1.27",
            resources: { limits: { cpu: "500m", memory: "128Mi" } },
            livenessProbe: { httpGet: { port: 80 } },
            readinessProbe: { tcpSocket: { port: "http" }, periodSeconds: 3 },
          },
        ],
      },
    });
    const container = ((pod.spec as JsonObject).containers as JsonObject[])[0] as JsonObject;
    expect(container.imagePullPolicy).toBe("IfNotPresent");
    expect(container.resources).toEqual({
      limits: { cpu: "500m", memory: "128Mi" },
      requests: { cpu: "500m", memory: "128Mi" },
    });
    expect(container.livenessProbe).toEqual({
      httpGet: { path: "/", port: 80, scheme: "HTTP" },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect((container.readinessProbe as JsonObject).periodSeconds).toBe(3);
    expect(pod.status).toEqual({ phase: "Pending", qosClass: "Guaranteed" });
  });

  it("computes Burstable and BestEffort QoS classes", () => {
    expect(defaulted(minimal).status).toEqual({ phase: "Pending", qosClass: "BestEffort" });
    const burstable = defaulted({
      ...minimal,
      spec: { containers: [{ name: "a", image: "x", resources: { requests: { cpu: "100m" } } }] },
    });
    expect((burstable.status as JsonObject).qosClass).toBe("Burstable");
  });

  it("makes a volume without a source an emptyDir and gives projected files mode 0644", () => {
    const pod = defaulted({
      ...minimal,
      spec: {
        ...minimal.spec,
        volumes: [
          { name: "scratch" },
          { name: "config", configMap: { name: "app" } },
          { name: "certs", secret: { secretName: "tls" } },
        ],
      },
    });
    expect((pod.spec as JsonObject).volumes).toEqual([
      { name: "scratch", emptyDir: {} },
      { name: "config", configMap: { name: "app", defaultMode: 420 } },
      { name: "certs", secret: { secretName: "tls", defaultMode: 420 } },
    ]);
  });

  it("uses container ports as host ports on the host network", () => {
    const pod = defaulted({ ...minimal, spec: { ...minimal.spec, hostNetwork: true } });
    const container = ((pod.spec as JsonObject).containers as JsonObject[])[0] as JsonObject;
    expect(container.ports).toEqual([{ containerPort: 80, hostPort: 80, protocol: "TCP" }]);
  });
});
