import { stringify } from "yaml";

/** A manifest as a plain JSON object (what kubectl reads from a file). */
export type Manifest = Record<string, unknown>;

/** A Pod with one container (`app`); labels default to `app: <name>`. */
export function podManifest(
  name: string,
  options: { labels?: Record<string, string>; image?: string } = {},
): Manifest {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: options.labels ?? { app: name } },
    spec: { containers: [{ name: "app", image: options.image ?? "nginx:1.27" }] },
  };
}

export interface DeploymentShape {
  replicas?: number;
  labels?: Record<string, string>;
  containers?: { name: string; image: string; env?: { name: string; value: string }[] }[];
}

/** A Deployment selecting `app: <name>`; containers default to one `web` nginx container. */
export function deploymentManifest(name: string, shape: DeploymentShape = {}): Manifest {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels: { app: name, ...shape.labels } },
    spec: {
      replicas: shape.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: shape.containers ?? [{ name: "web", image: "nginx:1.27" }] },
      },
    },
  };
}

/** One or more manifests as a YAML stream. */
export function toYaml(...manifests: Manifest[]): string {
  return manifests.map((manifest) => stringify(manifest)).join("---\n");
}
