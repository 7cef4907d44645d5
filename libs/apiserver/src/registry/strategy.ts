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
  /** `false` leaves out the leading NAME column (Events print `LAST SEEN TYPE REASON OBJECT MESSAGE`). */
  readonly nameColumn?: false;
  /** Field-selector values beyond metadata.name and metadata.namespace (e.g. spec.nodeName, status.phase). */
  selectableFields(object: T): Record<string, string>;
  /**
   * Graceful deletion (pods): the seconds a deleted object stays, marked with deletionTimestamp, before it
   * is removed; `requested` is the client's gracePeriodSeconds. 0 removes it at once (a pod that is not
   * bound to a node, or that has finished, or the kubelet's final delete). Kinds without it are removed at
   * once (or once their finalizers are gone).
   */
  deletionGracePeriod?(object: T, requested: number | undefined): number;
  /**
   * Keep the status a client sends on create. Kubernetes drops it for every kind with a status subresource
   * (status is the controllers' to write) except those whose creator reports it: Nodes, from their kubelet.
   */
  readonly keepsStatusOnCreate?: true;
}
