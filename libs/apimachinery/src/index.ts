export { ApiError, type ApiErrorInit } from "./api-error.js";
export {
  type FieldError,
  type FieldErrorType,
  fieldError,
  formatFieldError,
  formatFieldErrorBody,
} from "./field-error.js";
export {
  escapeFieldValue,
  type FieldRequirement,
  FieldSelector,
  type FieldSource,
  parseFieldSelector,
  requireFields,
} from "./fields/field-selector.js";
export { GrpcCode, grpcCodeFor } from "./grpc-code.js";
export {
  type LabelOperator,
  type LabelRequirement,
  type Labels,
  newLabelRequirement,
} from "./labels/label-requirement.js";
export { LabelSelector, labelSelectorFromSet, parseLabelSelector } from "./labels/label-selector.js";
export {
  type LabelSelectorObject,
  type LabelSelectorRequirementObject,
  labelSelectorFromObject,
  validateLabelSelectorObject,
} from "./labels/label-selector-object.js";
export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from "./patch/json-patch.js";
export { parseJsonPointer } from "./patch/json-pointer.js";
export {
  cloneJson,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  jsonEqual,
  MAX_JSON_DEPTH,
} from "./patch/json-value.js";
export { kubernetesPatchMeta } from "./patch/kubernetes-patch-meta.js";
export { applyMergePatch } from "./patch/merge-patch.js";
export {
  type FieldPatchMeta,
  fieldPatchMeta,
  hasPatchStrategy,
  type PatchMeta,
  type PatchStrategy,
  patchMetaAt,
} from "./patch/patch-meta.js";
export { applyStrategicMergePatch } from "./patch/strategic-merge-patch.js";
export type { QuantityFormat } from "./quantity/parse-quantity.js";
export { parseQuantity, Quantity, tryParseQuantity } from "./quantity/quantity.js";
export type { Status, StatusCause, StatusDetails, StatusReason } from "./status.js";
export { generateName, generateNameSuffix } from "./validation/generate-name.js";
export {
  DNS1035_LABEL_MAX_LENGTH,
  DNS1123_LABEL_MAX_LENGTH,
  DNS1123_SUBDOMAIN_MAX_LENGTH,
  LABEL_VALUE_MAX_LENGTH,
  type NameValidator,
  nameValidators,
  QUALIFIED_NAME_MAX_LENGTH,
  validateDns1035Label,
  validateDns1123Label,
  validateDns1123Subdomain,
  validateLabelKey,
  validateLabelValue,
  validatePathSegmentName,
  validateQualifiedName,
} from "./validation/names.js";
export {
  type ObjectMetaFields,
  type ObjectMetaRules,
  type OwnerReferenceFields,
  TOTAL_ANNOTATION_SIZE_LIMIT,
  validateAnnotations,
  validateFinalizers,
  validateLabels,
  validateObjectMeta,
  validateOwnerReferences,
} from "./validation/object-meta.js";
