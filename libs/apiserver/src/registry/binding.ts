import { clone, create } from "@bufbuild/protobuf";
import {
  type Binding,
  type Pod,
  PodConditionSchema,
  PodSchema,
  PodSpecSchema,
  PodStatusSchema,
} from "@capstan/api";
import { ApiError, fieldError } from "@capstan/apimachinery";
import type { ResourceContext } from "./context.js";
import { guaranteedUpdate } from "./guaranteed-update.js";
import { metaOf, wholeSeconds } from "./object-meta.js";
import type { WriteOptions } from "./options.js";
import { admitUpdate } from "./update-rules.js";

/**
 * Assigns a pod to a node (POST pods/<name>/binding), what the scheduler does: sets spec.nodeName once
 * (409 if the pod is already bound or being deleted), copies the binding's annotations, and records the
 * PodScheduled condition.
 */
export async function bindPod(
  ctx: ResourceContext<Pod>,
  namespace: string,
  name: string,
  binding: Binding,
  options: WriteOptions,
): Promise<Pod> {
  const target = binding.target;
  const errors = [];
  if (!target?.name) errors.push(fieldError.required("target.name"));
  if (target?.kind && target.kind !== "Node")
    errors.push(fieldError.notSupported("target.kind", target.kind, ["Node"]));
  if (errors.length > 0) throw ApiError.invalid("Binding", name, errors);
  const nodeName = target?.name ?? "";
  const uid = binding.metadata?.uid ?? "";
  const result = await guaranteedUpdate(
    ctx,
    namespace,
    name,
    async (current) => {
      const pod = clone(PodSchema, current.object);
      const meta = metaOf(pod);
      if (uid && uid !== meta.uid) {
        throw ApiError.conflict(
          "pods/binding",
          name,
          `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${meta.uid}`,
        );
      }
      if (meta.deletionTimestamp) {
        throw ApiError.conflict(
          "pods/binding",
          name,
          `pod ${name} is being deleted, cannot be assigned to a host`,
        );
      }
      pod.spec ??= create(PodSpecSchema);
      if (pod.spec.nodeName) {
        throw ApiError.conflict(
          "pods/binding",
          name,
          `pod ${name} is already assigned to node ${JSON.stringify(pod.spec.nodeName)}`,
        );
      }
      pod.spec.nodeName = nodeName;
      Object.assign(meta.annotations, binding.metadata?.annotations ?? {});
      pod.status ??= create(PodStatusSchema);
      pod.status.conditions = [
        ...pod.status.conditions.filter((condition) => condition.type !== "PodScheduled"),
        create(PodConditionSchema, {
          type: "PodScheduled",
          status: "True",
          lastTransitionTime: wholeSeconds(ctx.now()),
        }),
      ];
      await admitUpdate(ctx, namespace, name, pod, current.object, "binding", options);
      return pod;
    },
    { dryRun: options.dryRun, retryOnConflict: true },
  );
  return result.object;
}
