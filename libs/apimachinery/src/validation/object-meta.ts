import { type FieldError, fieldError } from "../field-error.js";
import {
  type NameValidator,
  nameValidators,
  validateDns1123Label,
  validateLabelValue,
  validateQualifiedName,
} from "./names.js";

/** The ObjectMeta fields this validation reads; structurally compatible with the generated ObjectMeta. */
export interface ObjectMetaFields {
  readonly name?: string;
  readonly generateName?: string;
  readonly namespace?: string;
  readonly generation?: number | bigint;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly OwnerReferenceFields[];
  readonly finalizers?: readonly string[];
}

export interface OwnerReferenceFields {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly uid?: string;
  readonly controller?: boolean;
}

export interface ObjectMetaRules {
  /** Namespaced kinds need a namespace; cluster-scoped kinds must not have one. */
  readonly namespaced: boolean;
  /** The kind's name rule; DNS-1123 subdomain when absent. */
  readonly validateName?: NameValidator;
}

/** Kubernetes caps the summed byte length of all annotation keys and values at 256 KiB. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

const STANDARD_FINALIZERS = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

/** Validates metadata as Kubernetes' ValidateObjectMeta does, with field paths under `path`. */
export function validateObjectMeta(
  meta: ObjectMetaFields,
  rules: ObjectMetaRules,
  path = "metadata",
): FieldError[] {
  if (typeof meta !== "object" || meta === null) return [fieldError.required(path)];
  const validateName =
    typeof rules?.validateName === "function" ? rules.validateName : nameValidators.dnsSubdomain;
  const errors: FieldError[] = [];
  if (meta.generateName)
    for (const problem of validateName(meta.generateName, true))
      errors.push(fieldError.invalid(`${path}.generateName`, meta.generateName, problem));
  if (!meta.name) errors.push(fieldError.required(`${path}.name`, "name or generateName is required"));
  else
    for (const problem of validateName(meta.name, false))
      errors.push(fieldError.invalid(`${path}.name`, meta.name, problem));
  if (rules?.namespaced) {
    if (!meta.namespace) errors.push(fieldError.required(`${path}.namespace`));
    else
      for (const problem of validateDns1123Label(meta.namespace))
        errors.push(fieldError.invalid(`${path}.namespace`, meta.namespace, problem));
  } else if (meta.namespace) {
    errors.push(fieldError.forbidden(`${path}.namespace`, "not allowed on this type"));
  }
  if (meta.generation !== undefined && meta.generation < 0)
    errors.push(
      fieldError.invalid(`${path}.generation`, Number(meta.generation), "must be greater than or equal to 0"),
    );
  errors.push(...validateLabels(meta.labels, `${path}.labels`));
  errors.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  errors.push(...validateOwnerReferences(meta.ownerReferences, `${path}.ownerReferences`));
  errors.push(...validateFinalizers(meta.finalizers, `${path}.finalizers`));
  return errors;
}

/** Label keys must be qualified names and values valid label values. */
export function validateLabels(
  labels: Readonly<Record<string, string>> | undefined,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const problem of validateQualifiedName(key)) errors.push(fieldError.invalid(path, key, problem));
    for (const problem of validateLabelValue(value)) errors.push(fieldError.invalid(path, value, problem));
  }
  return errors;
}

/** Annotation keys are qualified names (case-insensitively); all keys and values together at most 256 KiB. */
export function validateAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    for (const problem of validateQualifiedName(key.toLowerCase()))
      errors.push(fieldError.invalid(path, key, problem));
    size += Buffer.byteLength(key) + (typeof value === "string" ? Buffer.byteLength(value) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT)
    errors.push(fieldError.tooLong(path, "", TOTAL_ANNOTATION_SIZE_LIMIT));
  return errors;
}

/** Each owner needs apiVersion (with a version), kind, name and uid; at most one may be the controller. */
export function validateOwnerReferences(
  references: readonly OwnerReferenceFields[] | undefined,
  path: string,
): FieldError[] {
  if (references === undefined || references === null) return [];
  if (!Array.isArray(references)) return [fieldError.invalid(path, references, "must be a list")];
  const errors: FieldError[] = [];
  let controller = "";
  for (const [index, reference] of references.entries()) {
    const at = `${path}[${index}]`;
    if (typeof reference !== "object" || reference === null) {
      errors.push(fieldError.invalid(at, reference, "must be an object"));
      continue;
    }
    const version = (reference.apiVersion ?? "").split("/").at(-1);
    if (!version)
      errors.push(
        fieldError.invalid(`${at}.apiVersion`, reference.apiVersion ?? "", "version must not be empty"),
      );
    for (const field of ["kind", "name", "uid"] as const)
      if (!reference[field])
        errors.push(fieldError.invalid(`${at}.${field}`, reference[field] ?? "", "must not be empty"));
    if (reference.controller) {
      const current = `${reference.kind}/${reference.name}`;
      if (controller)
        errors.push(
          fieldError.invalid(
            path,
            references,
            `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${current}`,
          ),
        );
      else controller = current;
    }
  }
  return errors;
}

/** Finalizers are qualified names; unprefixed ones must be standard; orphan and foregroundDeletion exclude each other. */
export function validateFinalizers(finalizers: readonly string[] | undefined, path: string): FieldError[] {
  if (finalizers === undefined || finalizers === null) return [];
  if (!Array.isArray(finalizers)) return [fieldError.invalid(path, finalizers, "must be a list")];
  const errors: FieldError[] = [];
  for (const [index, finalizer] of finalizers.entries()) {
    const at = `${path}[${index}]`;
    const problems = validateQualifiedName(finalizer);
    for (const problem of problems) errors.push(fieldError.invalid(at, finalizer, problem));
    if (problems.length === 0 && !String(finalizer).includes("/") && !STANDARD_FINALIZERS.has(finalizer))
      errors.push(
        fieldError.invalid(
          at,
          finalizer,
          "name is neither a standard finalizer name nor is it fully qualified",
        ),
      );
  }
  if (finalizers?.includes("orphan") && finalizers.includes("foregroundDeletion"))
    errors.push(
      fieldError.invalid(path, finalizers, "finalizer orphan and foregroundDeletion cannot be both set"),
    );
  return errors;
}
