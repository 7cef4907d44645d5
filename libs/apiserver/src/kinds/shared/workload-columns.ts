import type { LabelSelector, PodTemplateSpec } from "@capstan/api";
import type { TableColumn } from "../../registry/strategy.js";
import { formatLabelSelector } from "./selector-format.js";

/** What the wide columns of a workload read. */
export interface WorkloadParts<T> {
  template(object: T): PodTemplateSpec | undefined;
  selector(object: T): LabelSelector | undefined;
}

/** The `-o wide` columns every workload has: CONTAINERS IMAGES SELECTOR. */
export function workloadColumns<T>(parts: WorkloadParts<T>): TableColumn<T>[] {
  const containers = (object: T) => parts.template(object)?.spec?.containers ?? [];
  return [
    {
      name: "Containers",
      type: "string",
      description: "Names of each container in the template.",
      priority: 1,
      cell: (object) =>
        containers(object)
          .map((container) => container.name)
          .join(","),
    },
    {
      name: "Images",
      type: "string",
      description: "Images referenced by each container in the template.",
      priority: 1,
      cell: (object) =>
        containers(object)
          .map((container) => container.image)
          .join(","),
    },
    {
      name: "Selector",
      type: "string",
      description: "The label selector of the pods this object manages.",
      priority: 1,
      cell: (object) => formatLabelSelector(parts.selector(object)),
    },
  ];
}
