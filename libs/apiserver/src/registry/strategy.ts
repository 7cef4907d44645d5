import type { Message } from "@bufbuild/protobuf";
import type { ResourceType } from "@capstan/api";
import type { FieldError } from "@capstan/apimachinery";

/** One column of a server-side Table (what `kubectl get` prints verbatim). */
export interface TableColumn<T> {
  /** Shown upper-cased by kubectl, e.g. "Ready". */
  readonly name: string;
  readonly type: "string" | "integer" | "number" | "boolean" | "date";
  readonly format?: "name" | "date" | "";
  readonly description: string;
  /** 0 = always shown; 1 = only with `-o wide`. */
  readonly priority: 0 | 1;
  cell(object: T, now: Date): string | number | boolean;
}

/**
 * What is particular to one kind: defaulting, validation, printing and selectable fields.
 * Everything generic (metadata, revisions, spec/status split, generation, patches, watch) lives in the
 * registry; a strategy only describes the kind.
 */
export interface ResourceStrategy<T extends Message = Message> {
  readonly type: ResourceType;
  /** Fills defaults as Kubernetes does (called on create and on every update, before validation). */
  defaults(object: T): void;
  /** Errors in a new object, with field paths (`spec.containers[0].image`). */
  validate(object: T): FieldError[];
  /** Errors in an updated object, including changes to immutable fields. */
  validateUpdate(object: T, old: T): FieldError[];
  /** Table columns after NAME (NAME is added by the registry); AGE is the strategy's to place. */
  readonly columns: readonly TableColumn<T>[];
  /** Field-selector values beyond metadata.name and metadata.namespace (e.g. spec.nodeName, status.phase). */
  selectableFields(object: T): Record<string, string>;
}
