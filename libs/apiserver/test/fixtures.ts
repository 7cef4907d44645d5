/** Manifests the integration tests create. */

export function pod(name: string, extra: { labels?: Record<string, string>; nodeName?: string } = {}) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) },
    spec: {
      containers: [{ name: "app", image: "nginx:1.27" }],
      ...(extra.nodeName ? { nodeName: extra.nodeName } : {}),
    },
  };
}

export function configMap(
  name: string,
  data: Record<string, string> = { key: "value" },
  labels?: Record<string, string>,
) {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...(labels ? { labels } : {}) }, data };
}

export function deployment(name: string, replicas = 2) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
      },
    },
  };
}

export const PODS = "/api/v1/namespaces/default/pods";
export const CONFIGMAPS = "/api/v1/namespaces/default/configmaps";
export const DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
export const TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
