import { ApiError } from "../api-error.js";

/** One field condition: `field=value` (also written `==`) or `field!=value`. A missing field reads as "". */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: "=" | "!=";
  readonly value: string;
}

/** How a selector reads an object's fields: a lookup function or a plain map of field to value. */
export type FieldSource = ((field: string) => string | undefined) | Readonly<Record<string, string>>;

/** Operators in the order Kubernetes tries them at each position, so `!=` is not read as `!` + `=`. */
const OPERATORS = ["!=", "==", "="] as const;

/**
 * A parsed field selector (k8s.io/apimachinery/pkg/fields): requirements that must all hold. Values
 * may contain `\,`, `\=` and `\\` escapes.
 */
export class FieldSelector {
  readonly requirements: readonly FieldRequirement[];

  constructor(requirements: readonly FieldRequirement[]) {
    if (!Array.isArray(requirements) || !requirements.every(isFieldRequirement))
      throw ApiError.badRequest("a field selector needs a list of {field, operator, value} requirements");
    this.requirements = requirements;
  }

  /** Whether the object whose fields `source` reads satisfies every requirement. */
  matches(source: FieldSource): boolean {
    if (typeof source !== "function" && (typeof source !== "object" || source === null))
      throw ApiError.badRequest("field selector source must be a function or an object");
    const read = typeof source === "function" ? source : (field: string) => source[field];
    return this.requirements.every((requirement) => {
      const actual = read(requirement.field) ?? "";
      return requirement.operator === "=" ? actual === requirement.value : actual !== requirement.value;
    });
  }

  isEverything(): boolean {
    return this.requirements.length === 0;
  }

  /**
   * The value `field` must equal, when the selector pins it (`metadata.name=x`, `spec.nodeName=n`),
   * so a reader can narrow to one object or one node before filtering.
   */
  exactMatch(field: string): string | undefined {
    return this.requirements.find(
      (requirement) => requirement.field === field && requirement.operator === "=",
    )?.value;
  }

  /** Canonical text: terms sorted, `==` written as `=`, values escaped. */
  toString(): string {
    return this.requirements
      .map(
        (requirement) => `${requirement.field}${requirement.operator}${escapeFieldValue(requirement.value)}`,
      )
      .sort()
      .join(",");
  }
}

/** Parses `metadata.name=x,status.phase!=Running`; bad input throws ApiError.badRequest. */
export function parseFieldSelector(input: string): FieldSelector {
  if (typeof input !== "string") throw ApiError.badRequest("field selector must be a string");
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(input)) {
    if (term === "") continue;
    const split = splitTerm(term);
    if (!split) throw ApiError.badRequest(`invalid selector: '${input}'; can't understand '${term}'`);
    requirements.push({
      field: split.field,
      operator: split.operator === "!=" ? "!=" : "=",
      value: unescapeFieldValue(split.value),
    });
  }
  return new FieldSelector(requirements);
}

/**
 * Refuses selectors on fields the resource does not index, with Kubernetes' message
 * (`field label not supported: spec.foo`).
 */
export function requireFields(selector: FieldSelector, allowed: readonly string[]): void {
  if (!(selector instanceof FieldSelector) || !Array.isArray(allowed))
    throw ApiError.badRequest("requireFields needs a FieldSelector and a list of field names");
  for (const requirement of selector.requirements)
    if (!allowed.includes(requirement.field))
      throw ApiError.badRequest(`field label not supported: ${requirement.field}`);
}

/** Escapes `\`, `,` and `=` in a value so it can be written into a selector. */
export function escapeFieldValue(value: string): string {
  if (typeof value !== "string") throw ApiError.badRequest("a field selector value must be a string");
  return value.replace(/[\\,=]/g, (char) => `\\${char}`);
}

/** Splits on commas that are not escaped. */
function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (escaped) escaped = false;
    else if (char === "\\") escaped = true;
    else if (char === ",") {
      terms.push(input.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(input.slice(start));
  return terms;
}

function splitTerm(term: string): { field: string; operator: string; value: string } | undefined {
  for (let i = 0; i < term.length; i++)
    for (const operator of OPERATORS)
      if (term.startsWith(operator, i))
        return { field: term.slice(0, i), operator, value: term.slice(i + operator.length) };
  return undefined;
}

function unescapeFieldValue(value: string): string {
  let out = "";
  let escaped = false;
  for (const char of value) {
    if (escaped) {
      if (char !== "\\" && char !== "," && char !== "=")
        throw ApiError.badRequest(`invalid field selector: invalid escape sequence: \\${char}`);
      out += char;
      escaped = false;
    } else if (char === "\\") escaped = true;
    else if (char === "," || char === "=")
      throw ApiError.badRequest(`invalid field selector: unescaped character in value: '${char}'`);
    else out += char;
  }
  if (escaped) throw ApiError.badRequest("invalid field selector: invalid escape sequence: \\");
  return out;
}

function isFieldRequirement(value: unknown): value is FieldRequirement {
  if (typeof value !== "object" || value === null) return false;
  const { field, operator, value: expected } = value as Record<string, unknown>;
  return typeof field === "string" && (operator === "=" || operator === "!=") && typeof expected === "string";
}
