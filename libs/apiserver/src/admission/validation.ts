import { ApiError } from "@capstan/apimachinery";
import { nameOf } from "../registry/object-meta.js";
import type { ValidatingAdmissionPlugin } from "./admission.js";

/**
 * Runs the kind's validation (strategy.validate on create, validateUpdate on update, which includes the
 * immutable fields) and refuses the write with 422 Invalid listing every field error.
 */
export const validationPlugin: ValidatingAdmissionPlugin = {
  name: "Validation",
  validate(request) {
    const { object, oldObject, strategy } = request;
    // A binding only sets spec.nodeName, which pod update validation forbids; bindPod checks it itself.
    if (!object || request.operation === "DELETE" || request.subresource === "binding") return;
    const errors =
      request.operation === "UPDATE" && oldObject
        ? strategy.validateUpdate(object, oldObject)
        : strategy.validate(object);
    if (errors.length === 0) return;
    const { kind, group } = strategy.type;
    throw ApiError.invalid(group ? `${kind}.${group}` : kind, nameOf(object), errors);
  },
};
