import { describe, expect, it } from "vitest";
import { kubernetesPatchMeta } from "./kubernetes-patch-meta.js";
import { fieldPatchMeta, patchMetaAt } from "./patch-meta.js";

describe("kubernetesPatchMeta", () => {
  const meta = (kind: string) => kubernetesPatchMeta(kind) ?? {};

  it("encodes Kubernetes' merge keys", () => {
    const podSpec = ["spec", "template", "spec"];
    const deployment = meta("Deployment");
    expect(patchMetaAt(deployment, [...podSpec, "containers"])).toMatchObject({
      strategy: ["merge"],
      mergeKey: "name",
    });
    expect(patchMetaAt(deployment, [...podSpec, "containers", "ports"]).mergeKey).toBe("containerPort");
    expect(patchMetaAt(deployment, [...podSpec, "initContainers", "env"]).mergeKey).toBe("name");
    expect(patchMetaAt(deployment, [...podSpec, "containers", "volumeMounts"]).mergeKey).toBe("mountPath");
    expect(patchMetaAt(deployment, [...podSpec, "containers", "volumeDevices"]).mergeKey).toBe("devicePath");
    expect(patchMetaAt(deployment, [...podSpec, "volumes"])).toMatchObject({
      strategy: ["merge", "retainKeys"],
      mergeKey: "name",
    });
    expect(patchMetaAt(deployment, [...podSpec, "topologySpreadConstraints"]).mergeKey).toBe("topologyKey");
    expect(patchMetaAt(deployment, [...podSpec, "hostAliases"]).mergeKey).toBe("ip");
    expect(patchMetaAt(deployment, ["spec", "strategy"]).strategy).toEqual(["retainKeys"]);
    expect(patchMetaAt(deployment, ["status", "conditions"]).mergeKey).toBe("type");
    expect(patchMetaAt(deployment, ["metadata", "ownerReferences"]).mergeKey).toBe("uid");
    expect(patchMetaAt(deployment, ["metadata", "finalizers"])).toEqual({ strategy: ["merge"] });
    expect(patchMetaAt(meta("Service"), ["spec", "ports"]).mergeKey).toBe("port");
    expect(patchMetaAt(meta("Node"), ["status", "addresses"]).mergeKey).toBe("type");
    expect(patchMetaAt(meta("Pod"), ["status", "podIPs"]).mergeKey).toBe("ip");
    expect(patchMetaAt(meta("Job"), ["spec", "template", "spec", "imagePullSecrets"]).mergeKey).toBe("name");
  });

  it("leaves Kubernetes' atomic lists atomic", () => {
    expect(patchMetaAt(meta("Pod"), ["spec", "tolerations"])).toEqual({});
    expect(patchMetaAt(meta("Node"), ["spec", "taints"])).toEqual({});
    expect(patchMetaAt(meta("Pod"), ["status", "containerStatuses"])).toEqual({});
    expect(patchMetaAt(meta("Pod"), ["spec", "containers", "envFrom"])).toEqual({});
  });

  it("knows every first-wave kind and nothing else", () => {
    for (const kind of [
      "Pod",
      "Deployment",
      "ReplicaSet",
      "DaemonSet",
      "Job",
      "Service",
      "Node",
      "Namespace",
      "Endpoints",
      "Event",
      "ConfigMap",
      "Secret",
      "Lease",
    ])
      expect(kubernetesPatchMeta(kind)).toBeDefined();
    expect(kubernetesPatchMeta("Widget")).toBeUndefined();
    expect(kubernetesPatchMeta("constructor")).toBeUndefined();
    expect(kubernetesPatchMeta(7 as unknown as string)).toBeUndefined();
  });

  it("answers empty metadata for unknown fields", () => {
    expect(fieldPatchMeta({}, "anything")).toEqual({});
    expect(fieldPatchMeta({ fields: {} }, "toString")).toEqual({});
  });
});
