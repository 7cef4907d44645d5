import { describe, expect, it } from "vitest";
import { kubernetesPatchMeta } from "./kubernetes-patch-meta.js";
import { applyStrategicMergePatch } from "./strategic-merge-patch.js";

/** The bodies kubectl v1.32 sends on a second `kubectl apply` (shared/reference/kubectl-wire.md 2.9). */

const deploymentMeta = kubernetesPatchMeta("Deployment") ?? {};

function liveDeployment() {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "web",
      namespace: "default",
      labels: { app: "web", tier: "front" },
      annotations: {
        "kubectl.kubernetes.io/last-applied-configuration": "{old}\n",
        "deployment.kubernetes.io/revision": "1",
      },
      resourceVersion: "42",
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            {
              name: "web",
              image: "nginx:1.26",
              imagePullPolicy: "IfNotPresent",
              env: [
                { name: "A", value: "1" },
                { name: "B", value: "2" },
              ],
              ports: [
                { containerPort: 80, protocol: "TCP" },
                { containerPort: 443, protocol: "TCP" },
              ],
            },
            { name: "sidecar", image: "busybox", args: ["sleep", "3600"] },
          ],
          restartPolicy: "Always",
        },
      },
    },
    status: { replicas: 2 },
  };
}

describe("strategic merge patch: what kubectl apply sends", () => {
  it("changes an image and keeps everything else", () => {
    const patch = {
      metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{new}\n" } },
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "web" }, { name: "sidecar" }],
            containers: [{ image: "nginx:1.27", name: "web" }],
          },
        },
      },
    };
    const live = liveDeployment();
    const expected = liveDeployment();
    expected.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"] = "{new}\n";
    const web = expected.spec.template.spec.containers[0];
    if (web) web.image = "nginx:1.27";
    expect(applyStrategicMergePatch(live, patch, deploymentMeta)).toEqual(expected);
    expect(live).toEqual(liveDeployment());
  });

  it("removes a label with null", () => {
    const result = applyStrategicMergePatch(
      liveDeployment(),
      { metadata: { labels: { tier: null } } },
      deploymentMeta,
    );
    expect(result.metadata).toMatchObject({ labels: { app: "web" } });
    expect((result.metadata as { labels: object }).labels).not.toHaveProperty("tier");
  });

  it("removes an env var, a port and a container with $patch: delete", () => {
    const patch = {
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "web" }],
            containers: [
              {
                "$setElementOrder/env": [{ name: "B" }],
                "$setElementOrder/ports": [{ containerPort: 80 }],
                env: [
                  { name: "B", value: "3" },
                  { $patch: "delete", name: "A" },
                ],
                name: "web",
                ports: [{ $patch: "delete", containerPort: 443 }],
              },
              { $patch: "delete", name: "sidecar" },
            ],
          },
        },
      },
    };
    const result = applyStrategicMergePatch(liveDeployment(), patch, deploymentMeta);
    expect((result.spec as { template: { spec: unknown } }).template.spec).toEqual({
      containers: [
        {
          name: "web",
          image: "nginx:1.26",
          imagePullPolicy: "IfNotPresent",
          env: [{ name: "B", value: "3" }],
          ports: [{ containerPort: 80, protocol: "TCP" }],
        },
      ],
      restartPolicy: "Always",
    });
  });

  it("adds a container and an env var in the order $setElementOrder gives", () => {
    const patch = {
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "init-like" }, { name: "web" }, { name: "sidecar" }],
            containers: [
              { name: "init-like", image: "alpine" },
              {
                "$setElementOrder/env": [{ name: "A" }, { name: "C" }, { name: "B" }],
                env: [{ name: "C", value: "9" }],
                name: "web",
              },
            ],
          },
        },
      },
    };
    const result = applyStrategicMergePatch(liveDeployment(), patch, deploymentMeta);
    const containers = (
      result.spec as { template: { spec: { containers: { name: string; env?: { name: string }[] }[] } } }
    ).template.spec.containers;
    expect(containers.map((container) => container.name)).toEqual(["init-like", "web", "sidecar"]);
    expect(containers[1]?.env?.map((variable) => variable.name)).toEqual(["A", "C", "B"]);
  });

  it("switches the rollout strategy with $retainKeys", () => {
    const patch = { spec: { strategy: { $retainKeys: ["type"], rollingUpdate: null, type: "Recreate" } } };
    const result = applyStrategicMergePatch(liveDeployment(), patch, deploymentMeta);
    expect((result.spec as { strategy: unknown }).strategy).toEqual({ type: "Recreate" });
  });

  it("switches a volume's source with $retainKeys inside a merged list", () => {
    const live = liveDeployment() as ReturnType<typeof liveDeployment> & {
      spec: { template: { spec: { volumes?: unknown[] } } };
    };
    live.spec.template.spec.volumes = [
      { name: "data", emptyDir: {} },
      { name: "config", configMap: { name: "app" } },
    ];
    const patch = {
      spec: {
        template: {
          spec: {
            "$setElementOrder/volumes": [{ name: "data" }, { name: "config" }],
            volumes: [
              { $retainKeys: ["name", "secret"], name: "data", emptyDir: null, secret: { secretName: "s" } },
            ],
          },
        },
      },
    };
    const result = applyStrategicMergePatch(live, patch, deploymentMeta);
    expect((result.spec as { template: { spec: { volumes: unknown } } }).template.spec.volumes).toEqual([
      { name: "data", secret: { secretName: "s" } },
      { name: "config", configMap: { name: "app" } },
    ]);
  });

  it("replaces lists that have no merge strategy", () => {
    const patch = {
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "web" }, { name: "sidecar" }],
            containers: [{ args: ["sleep", "60"], name: "sidecar" }],
            tolerations: [{ key: "gpu", operator: "Exists" }],
          },
        },
      },
    };
    const result = applyStrategicMergePatch(liveDeployment(), patch, deploymentMeta);
    const spec = (
      result.spec as { template: { spec: { containers: { args?: string[] }[]; tolerations: unknown } } }
    ).template.spec;
    expect(spec.containers[1]?.args).toEqual(["sleep", "60"]);
    expect(spec.tolerations).toEqual([{ key: "gpu", operator: "Exists" }]);
  });

  it("leaves the object unchanged for an empty patch", () => {
    expect(applyStrategicMergePatch(liveDeployment(), {}, deploymentMeta)).toEqual(liveDeployment());
  });
});
