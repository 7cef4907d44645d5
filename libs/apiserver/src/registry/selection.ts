import { create, type DescMessage, type Message } from "@bufbuild/protobuf";
import {
  type FieldSelector,
  type LabelSelector,
  parseFieldSelector,
  parseLabelSelector,
  requireFields,
} from "@capstan/apimachinery";
import { metaOf } from "./object-meta.js";
import type { ResourceStrategy } from "./strategy.js";

/** Which objects a list or watch returns. */
export interface Selection<T> {
  matches(object: T): boolean;
  /** True when every object matches (no selector given). */
  readonly everything: boolean;
}

/** The fields every kind can be selected by. */
const METADATA_FIELDS = ["metadata.name", "metadata.namespace"];

/**
 * Compiles label and field selectors for one kind. Field selectors may use metadata.name,
 * metadata.namespace and the kind's selectable fields; anything else is 400, as is a malformed selector.
 */
export function compileSelection<T extends Message>(
  strategy: ResourceStrategy<T>,
  labelSelector: string | undefined,
  fieldSelector: string | undefined,
): Selection<T> {
  const labels: LabelSelector | undefined = labelSelector ? parseLabelSelector(labelSelector) : undefined;
  const fields: FieldSelector | undefined = fieldSelector ? parseFieldSelector(fieldSelector) : undefined;
  if (fields) requireFields(fields, supportedFields(strategy));
  const everything = (labels?.isEverything() ?? true) && (fields?.isEverything() ?? true);
  return {
    everything,
    matches(object) {
      if (everything) return true;
      const meta = metaOf(object);
      if (labels && !labels.matches(meta.labels)) return false;
      if (!fields) return true;
      return fields.matches({
        ...strategy.selectableFields(object),
        "metadata.name": meta.name,
        "metadata.namespace": meta.namespace,
      });
    },
  };
}

function supportedFields<T extends Message>(strategy: ResourceStrategy<T>): string[] {
  const empty = create(strategy.type.schema as DescMessage) as T;
  return [...METADATA_FIELDS, ...Object.keys(strategy.selectableFields(empty))];
}
