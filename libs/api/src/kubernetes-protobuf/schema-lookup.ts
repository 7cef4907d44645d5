import { createRegistry, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import * as generated from "../gen/index.js";

/** Finds the schema of an object from its apiVersion and kind; undefined when there is none. */
export type KubernetesSchemaLookup = (apiVersion: string, kind: string) => DescMessage | undefined;

const registry = createRegistry(...Object.values(generated).filter(isFile));

function isFile(value: unknown): value is DescFile {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "file";
}

/**
 * The schema of a Kubernetes object kind (one with apiVersion and kind fields): `apps/v1` `Deployment`
 * is capstan.apps.v1.Deployment, `coordination.k8s.io/v1` `Lease` is capstan.coordination.v1.Lease, core
 * `v1` kinds are in capstan.core.v1. Kinds Kubernetes registers in every group version (DeleteOptions,
 * Status) are found in capstan.meta.v1 too.
 */
export const kubernetesSchema: KubernetesSchemaLookup = (apiVersion, kind) => {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const pkg = group === "" ? "core" : group.replace(/\.k8s\.io$/, "");
  return objectSchema(`capstan.${pkg}.${version}.${kind}`) ?? objectSchema(`capstan.meta.${version}.${kind}`);
};

function objectSchema(typeName: string): DescMessage | undefined {
  const schema = registry.getMessage(typeName);
  return schema !== undefined && isObjectSchema(schema) ? schema : undefined;
}

/** Whether a schema is an object kind: it has Capstan's apiVersion and kind fields (numbers 1000, 1001). */
export function isObjectSchema(schema: DescMessage): boolean {
  return schema.field.apiVersion?.number === 1000 && schema.field.kind?.number === 1001;
}
