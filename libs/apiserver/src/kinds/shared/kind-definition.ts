import type { Message } from "@bufbuild/protobuf";
import type { ObjectMeta, ResourceType } from "@capstan/api";
import {
  type FieldError,
  fieldError,
  type NameValidator,
  nameValidators,
  validateObjectMeta,
} from "@capstan/apimachinery";
import { ageColumn } from "../../registry/default-strategy.js";
import type { ResourceStrategy, TableColumn } from "../../registry/strategy.js";

/** A top-level object: every resource message has metadata. */
export type KindObject = Message & { metadata?: ObjectMeta };

/**
 * What one kind adds to the generic object handling: everything optional, bound to its ResourceType by
 * `bindKind`. Metadata validation is not part of it: `bindKind` adds it for every kind.
 */
export interface KindDefinition<T extends KindObject> {
  /** The rule for `metadata.name`; DNS-1123 subdomain when absent. */
  readonly nameRule?: NameValidator;
  defaults?(object: T): void;
  /** Errors in the kind's own fields (run on create and on update). */
  validate?(object: T): FieldError[];
  /** Further errors on update only: changes to immutable fields. */
  validateUpdate?(object: T, old: T): FieldError[];
  /** Columns after NAME; `NAME AGE` when absent. */
  readonly columns?: readonly TableColumn<T>[];
  /** `false` leaves out the leading NAME column. */
  readonly nameColumn?: false;
  selectableFields?(object: T): Record<string, string>;
  /** Graceful deletion; see ResourceStrategy.deletionGracePeriod. */
  deletionGracePeriod?(object: T, requested: number | undefined): number;
  /** See ResourceStrategy.keepsStatusOnCreate. */
  readonly keepsStatusOnCreate?: true;
}

/** Builds the ResourceStrategy of a kind from its definition, adding metadata validation. */
export function bindKind<T extends KindObject>(
  type: ResourceType,
  definition: KindDefinition<T>,
): ResourceStrategy<T> {
  const rules = {
    namespaced: type.namespaced,
    validateName: definition.nameRule ?? nameValidators.dnsSubdomain,
  };
  const validate = (object: T): FieldError[] => [
    ...validateObjectMeta(object.metadata ?? {}, rules),
    ...(definition.validate?.(object) ?? []),
  ];
  const strategy: ResourceStrategy<T> = {
    type,
    defaults: (object) => definition.defaults?.(object),
    validate,
    validateUpdate: (object, old) => [
      ...validate(object),
      ...validateMetadataUpdate(object.metadata, old.metadata),
      ...(definition.validateUpdate?.(object, old) ?? []),
    ],
    columns: definition.columns ?? [ageColumn],
    selectableFields: (object) => definition.selectableFields?.(object) ?? {},
  };
  return {
    ...strategy,
    ...(definition.nameColumn === false ? { nameColumn: false } : {}),
    ...(definition.deletionGracePeriod ? { deletionGracePeriod: definition.deletionGracePeriod } : {}),
    ...(definition.keepsStatusOnCreate ? { keepsStatusOnCreate: true } : {}),
  };
}

/** An object keeps its name and namespace for life. */
function validateMetadataUpdate(meta: ObjectMeta | undefined, old: ObjectMeta | undefined): FieldError[] {
  return [
    ...immutable("metadata.name", meta?.name ?? "", old?.name ?? ""),
    ...immutable("metadata.namespace", meta?.namespace ?? "", old?.namespace ?? ""),
  ];
}

/** `<path>: Invalid value: <value>: field is immutable` when a value changed. */
export function immutable<V extends string | number | boolean>(path: string, value: V, old: V): FieldError[] {
  return value === old ? [] : [fieldError.invalid(path, value, "field is immutable")];
}
