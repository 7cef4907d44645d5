import type { Message } from "@bufbuild/protobuf";
import type { ResourceType } from "@capstan/api";
import { validateObjectMeta } from "@capstan/apimachinery";
import { formatAge } from "../table/age.js";
import { type KubeObject, metaOf } from "./object-meta.js";
import type { ResourceStrategy, TableColumn } from "./strategy.js";

/** The AGE column every kind shows last among its default columns. */
export const ageColumn: TableColumn<Message> = {
  name: "Age",
  type: "string",
  description: "CreationTimestamp is a timestamp representing the server time when this object was created.",
  priority: 0,
  cell: (object, now) => formatAge((object as KubeObject).metadata?.creationTimestamp, now),
};

/**
 * The strategy of a kind nobody has described yet: no defaults, Kubernetes' generic metadata validation
 * (DNS-1123 subdomain names), `NAME AGE` columns, and only the metadata field selectors.
 */
export function defaultStrategy(type: ResourceType): ResourceStrategy {
  const validate = (object: Message) => validateObjectMeta(metaOf(object), { namespaced: type.namespaced });
  return {
    type,
    defaults: () => {},
    validate,
    validateUpdate: validate,
    columns: [ageColumn],
    selectableFields: () => ({}),
  };
}
