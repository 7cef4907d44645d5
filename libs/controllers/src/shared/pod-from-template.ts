import { clone, create } from "@bufbuild/protobuf";
import { type OwnerReference, type Pod, PodSchema, PodSpecSchema, type PodTemplateSpec } from "@capstan/api";

/**
 * Kubernetes' GetPodFromTemplate: a new pod named `<prefix><5 random chars>` by the apiserver
 * (generateName), with the template's labels, annotations, finalizers and spec, controlled by `controllerRef`.
 */
export function podFromTemplate(
  template: PodTemplateSpec | undefined,
  namespace: string,
  namePrefix: string,
  controllerRef: OwnerReference,
): Pod {
  const meta = template?.metadata;
  return create(PodSchema, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      namespace,
      generateName: namePrefix,
      labels: { ...(meta?.labels ?? {}) },
      annotations: { ...(meta?.annotations ?? {}) },
      finalizers: [...(meta?.finalizers ?? [])],
      ownerReferences: [controllerRef],
    },
    spec: template?.spec ? clone(PodSpecSchema, template.spec) : create(PodSpecSchema),
  });
}
