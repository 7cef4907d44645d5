import type { Secret } from "@capstan/api";
import { ageColumn } from "../../registry/default-strategy.js";
import { validateConfigData, validateImmutableConfig } from "../shared/config-data.js";
import { immutable, type KindDefinition } from "../shared/kind-definition.js";
import { validateSecretType } from "./type-rules.js";

/** Type Opaque when none is given; stringData is write-only: its entries move into data as UTF-8. */
function defaultSecret(secret: Secret): void {
  if (secret.type === "") secret.type = "Opaque";
  for (const [key, value] of Object.entries(secret.stringData)) secret.data[key] = Buffer.from(value, "utf8");
  secret.stringData = {};
}

/** Secret: the type's required keys, valid keys within 1 MiB, type and (once immutable) data frozen. */
export const secretKind: KindDefinition<Secret> = {
  defaults: defaultSecret,
  validate: (secret) => [...validateConfigData({ data: secret.data }), ...validateSecretType(secret)],
  validateUpdate: (secret, old) => [
    ...immutable("type", secret.type, old.type),
    ...validateImmutableConfig(
      { immutable: secret.immutable, maps: { data: secret.data } },
      { immutable: old.immutable, maps: { data: old.data } },
    ),
  ],
  columns: [
    {
      name: "Type",
      type: "string",
      description: "The type of the secret (Opaque, kubernetes.io/tls, ...).",
      priority: 0,
      cell: (secret) => secret.type,
    },
    {
      name: "Data",
      type: "string",
      description: "How many keys the secret holds.",
      priority: 0,
      cell: (secret) => `${Object.keys(secret.data).length}`,
    },
    ageColumn,
  ],
  selectableFields: (secret) => ({ type: secret.type }),
};
