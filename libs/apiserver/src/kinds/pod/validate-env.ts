import type { EnvFromSource, EnvVar } from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";
import { validateConfigKey, validateEnvVarName } from "../shared/value-rules.js";

function validateEnvVar(variable: EnvVar, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (variable.name === "") errors.push(fieldError.required(`${path}.name`));
  else
    for (const problem of validateEnvVarName(variable.name))
      errors.push(fieldError.invalid(`${path}.name`, variable.name, problem));
  const from = variable.valueFrom;
  if (!from) return errors;
  const sources = [from.fieldRef, from.resourceFieldRef, from.configMapKeyRef, from.secretKeyRef].filter(
    (source) => source !== undefined,
  ).length;
  if (variable.value !== "")
    errors.push(
      fieldError.invalid(`${path}.valueFrom`, "", "may not be specified when `value` is not empty"),
    );
  if (sources === 0)
    errors.push(
      fieldError.invalid(
        `${path}.valueFrom`,
        "",
        "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
      ),
    );
  else if (sources > 1)
    errors.push(
      fieldError.invalid(`${path}.valueFrom`, "", "may not have more than one field specified at a time"),
    );
  if (from.fieldRef && from.fieldRef.fieldPath === "")
    errors.push(fieldError.required(`${path}.valueFrom.fieldRef.fieldPath`));
  if (from.resourceFieldRef && from.resourceFieldRef.resource === "")
    errors.push(fieldError.required(`${path}.valueFrom.resourceFieldRef.resource`));
  for (const [field, ref] of [
    ["configMapKeyRef", from.configMapKeyRef],
    ["secretKeyRef", from.secretKeyRef],
  ] as const) {
    if (!ref) continue;
    if (ref.name === "") errors.push(fieldError.required(`${path}.valueFrom.${field}.name`));
    if (ref.key === "") errors.push(fieldError.required(`${path}.valueFrom.${field}.key`));
    else
      for (const problem of validateConfigKey(ref.key))
        errors.push(fieldError.invalid(`${path}.valueFrom.${field}.key`, ref.key, problem));
  }
  return errors;
}

function validateEnvFrom(source: EnvFromSource, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (source.prefix !== "")
    for (const problem of validateEnvVarName(source.prefix))
      errors.push(fieldError.invalid(`${path}.prefix`, source.prefix, problem));
  const refs = [source.configMapRef, source.secretRef].filter((ref) => ref !== undefined);
  if (refs.length === 0)
    errors.push(fieldError.invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
  else if (refs.length > 1)
    errors.push(fieldError.invalid(path, "", "may not have more than one field specified at a time"));
  if (source.configMapRef?.name === "") errors.push(fieldError.required(`${path}.configMapRef.name`));
  if (source.secretRef?.name === "") errors.push(fieldError.required(`${path}.secretRef.name`));
  return errors;
}

/** A container's env (names, one value source each) and envFrom (one source each, a valid prefix). */
export function validateEnvironment(
  env: readonly EnvVar[],
  envFrom: readonly EnvFromSource[],
  path: string,
): FieldError[] {
  return [
    ...env.flatMap((variable, index) => validateEnvVar(variable, `${path}.env[${index}]`)),
    ...envFrom.flatMap((source, index) => validateEnvFrom(source, `${path}.envFrom[${index}]`)),
  ];
}
