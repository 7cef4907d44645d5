import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DaemonSetSchema,
  DeploymentSchema,
  decodeObject,
  JobSchema,
  PodSchema,
  ServiceSchema,
} from "../src/index.js";
import { kubernetesProtobufRoundTrip, loadFixture, roundTrip, schemaOf, withoutNulls } from "./round-trip.js";

// The proof of issue 2: manifests of the Kubernetes documentation's shapes go YAML -> message ->
// Kubernetes JSON with no field lost or renamed (through protobuf binary too, as the store keeps them).
describe("documentation manifests round-trip", () => {
  it.each([
    ["deployment-nginx.yaml"],
    ["service.yaml"],
    ["job-pi.yaml"],
    ["daemonset-fluentd.yaml"],
    ["pod-probes.yaml"],
  ])("%s", (file) => {
    const [manifest] = loadFixture(file);
    if (manifest === undefined) throw new Error("empty fixture");
    expect(roundTrip(schemaOf(manifest), manifest)).toStrictEqual(manifest);
  });
});

describe("server-side objects round-trip", () => {
  const files = [
    "pod-full.yaml",
    "node.yaml",
    "event.yaml",
    "lease.yaml",
    "secret-configmap-endpoints-namespace.yaml",
  ];
  const manifests = [...files, "workload-status.yaml"].flatMap((file) =>
    loadFixture(file).map((m) => [`${file} ${m.kind}`, m] as const),
  );

  it.each(manifests)("%s", (_, manifest) => {
    expect(roundTrip(schemaOf(manifest), manifest)).toStrictEqual(withoutNulls(manifest));
  });
});

describe("every fixture round-trips through Kubernetes protobuf", () => {
  const files = readdirSync(new URL("./fixtures", import.meta.url)).filter((f) => f.endsWith(".yaml"));
  const manifests = files.flatMap((file) => loadFixture(file).map((m) => [`${file} ${m.kind}`, m] as const));

  it.each(manifests)("%s", (_, manifest) => {
    expect(kubernetesProtobufRoundTrip(schemaOf(manifest), manifest)).toStrictEqual(withoutNulls(manifest));
  });
});

describe("decoded documentation manifests", () => {
  const decode = <T>(file: string, schema: Parameters<typeof decodeObject>[0]) =>
    decodeObject(schema, loadFixture(file)[0], { unknownFields: "strict" }).message as T;

  it("deployment: replicas, int-or-string strategy bounds", () => {
    const d = decode<import("../src/index.js").Deployment>("deployment-nginx.yaml", DeploymentSchema);
    expect(d.spec?.replicas).toBe(3);
    expect(d.spec?.strategy?.rollingUpdate?.maxSurge).toMatchObject({ type: 0, intVal: 1 });
    expect(d.spec?.strategy?.rollingUpdate?.maxUnavailable).toMatchObject({ type: 1, strVal: "25%" });
    expect(d.spec?.template?.spec?.containers[0]?.ports[0]?.containerPort).toBe(80);
  });

  it("service: targetPort as a number and as a name", () => {
    const s = decode<import("../src/index.js").Service>("service.yaml", ServiceSchema);
    expect(s.spec?.ports.map((p) => p.targetPort)).toMatchObject([
      { type: 0, intVal: 9376 },
      { type: 1, strVal: "https-web" },
    ]);
    expect(s.spec?.sessionAffinityConfig?.clientIp?.timeoutSeconds).toBe(10800);
  });

  it("job: backoffLimit, int64 activeDeadlineSeconds", () => {
    const j = decode<import("../src/index.js").Job>("job-pi.yaml", JobSchema);
    expect(j.spec?.backoffLimit).toBe(4);
    expect(j.spec?.activeDeadlineSeconds).toBe(600n);
    expect(j.spec?.template?.spec?.restartPolicy).toBe("Never");
  });

  it("daemonset: tolerations, hostPath volume, quantities", () => {
    const ds = decode<import("../src/index.js").DaemonSet>("daemonset-fluentd.yaml", DaemonSetSchema);
    const pod = ds.spec?.template?.spec;
    expect(pod?.tolerations.map((t) => t.key)).toEqual([
      "node-role.kubernetes.io/control-plane",
      "node-role.kubernetes.io/master",
    ]);
    expect(pod?.volumes[0]?.hostPath?.path).toBe("/var/log");
    expect(pod?.containers[0]?.resources?.requests).toEqual({ cpu: "100m", memory: "200Mi" });
    expect(pod?.terminationGracePeriodSeconds).toBe(30n);
  });

  it("pod: probe ports as numbers and names, int64 grace period", () => {
    const pod = decode<import("../src/index.js").Pod>("pod-probes.yaml", PodSchema);
    const http = pod.spec?.containers[1];
    expect(http?.livenessProbe?.httpGet?.port).toMatchObject({ type: 0, intVal: 8080 });
    expect(http?.startupProbe?.httpGet?.port).toMatchObject({ type: 1, strVal: "liveness-port" });
    expect(pod.spec?.containers[2]?.livenessProbe?.terminationGracePeriodSeconds).toBe(60n);
    expect(pod.spec?.containers[3]?.livenessProbe?.grpc?.port).toBe(2379);
  });
});
