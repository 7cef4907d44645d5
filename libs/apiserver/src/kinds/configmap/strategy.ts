import type { ConfigMap } from "@capstan/api";
import { ageColumn } from "../../registry/default-strategy.js";
import { validateConfigData, validateImmutableConfig } from "../shared/config-data.js";
import type { KindDefinition } from "../shared/kind-definition.js";

function maps(configMap: ConfigMap) {
  return { data: configMap.data, binaryData: configMap.binaryData };
}

/** ConfigMap: valid, unique keys within 1 MiB; data frozen once `immutable`; `DATA AGE` columns. */
export const configMapKind: KindDefinition<ConfigMap> = {
  validate: (configMap) => validateConfigData(maps(configMap)),
  validateUpdate: (configMap, old) =>
    validateImmutableConfig(
      { immutable: configMap.immutable, maps: maps(configMap) },
      { immutable: old.immutable, maps: maps(old) },
    ),
  columns: [
    {
      name: "Data",
      type: "integer",
      description: "How many keys the ConfigMap holds (data and binaryData).",
      priority: 0,
      cell: (configMap) => Object.keys(configMap.data).length + Object.keys(configMap.binaryData).length,
    },
    ageColumn,
  ],
};
