/**
 * Component names as Kubernetes publishes them (`io.k8s.api.core.v1.Pod`), so schemas read as users know
 * them; proto packages map one to one onto Kubernetes API packages.
 */
const PACKAGES: readonly (readonly [string, string])[] = [
  ["capstan.meta.v1.", "io.k8s.apimachinery.pkg.apis.meta.v1."],
  ["capstan.core.v1.", "io.k8s.api.core.v1."],
  ["capstan.apps.v1.", "io.k8s.api.apps.v1."],
  ["capstan.batch.v1.", "io.k8s.api.batch.v1."],
  ["capstan.coordination.v1.", "io.k8s.api.coordination.v1."],
  ["capstan.autoscaling.v1.", "io.k8s.api.autoscaling.v1."],
];

/** Schemas that are not messages of their own in Kubernetes' packages. */
export const SPECIAL_NAMES = {
  intOrString: "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
  quantity: "io.k8s.apimachinery.pkg.api.resource.Quantity",
  patch: "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
} as const;

/** The component name of a message type (its proto type name when no Kubernetes package matches). */
export function schemaName(typeName: string): string {
  for (const [prefix, kubernetes] of PACKAGES)
    if (typeName.startsWith(prefix)) return kubernetes + typeName.slice(prefix.length);
  return typeName;
}
