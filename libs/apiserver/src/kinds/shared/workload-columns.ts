import type { TableColumn } from "../../registry/strategy.js";
import { formatLabelSelector } from "./selector-format.js";
import type { WorkloadObject } from "./workload.js";

/** The `-o wide` columns every workload has: CONTAINERS IMAGES SELECTOR. */
export function workloadColumns<T extends WorkloadObject>(): TableColumn<T>[] {
  const containers = (object: T) => object.spec?.template?.spec?.containers ?? [];
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
      cell: (object) => formatLabelSelector(object.spec?.selector),
    },
  ];
}
