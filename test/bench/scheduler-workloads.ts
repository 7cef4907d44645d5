import type { MessageInitShape } from "@bufbuild/protobuf";
import type { PodSchema } from "@capstan/api";

/** What the pods of one benchmark scenario ask of the scheduler (the shapes of Kubernetes' scheduler_perf). */
export type Workload = "basic" | "spread" | "anti-affinity";

type PodInit = MessageInitShape<typeof PodSchema>;

/** Requests of every benchmark pod: small, so resources never decide where it goes. */
const REQUESTS = { cpu: "100m", memory: "128Mi" };

/** The pod `name` of a workload in `namespace`, for `schedulerName`. */
export function workloadPod(
  workload: Workload,
  namespace: string,
  name: string,
  schedulerName: string,
): PodInit {
  const app = `bench-${workload}`;
  const selector = { matchLabels: { app } };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { app } },
    spec: {
      schedulerName,
      containers: [{ name: "app", image: "registry.local/pause:3.10", resources: { requests: REQUESTS } }],
      ...(workload === "spread"
        ? {
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: "kubernetes.io/hostname",
                whenUnsatisfiable: "DoNotSchedule",
                labelSelector: selector,
              },
            ],
          }
        : {}),
      ...(workload === "anti-affinity"
        ? {
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  { labelSelector: selector, topologyKey: "kubernetes.io/hostname" },
                ],
              },
            },
          }
        : {}),
    },
  };
}
