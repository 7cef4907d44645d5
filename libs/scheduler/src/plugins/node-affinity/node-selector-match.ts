import type { Node, NodeSelectorRequirement, NodeSelectorTerm } from "@capstan/api";

function compareNumbers(actual: string | undefined, wanted: readonly string[], sign: 1 | -1): boolean {
  if (actual === undefined || wanted.length !== 1) return false;
  const left = Number.parseInt(actual, 10);
  const right = Number.parseInt(wanted[0] ?? "", 10);
  if (Number.isNaN(left) || Number.isNaN(right)) return false;
  return sign * (left - right) > 0;
}

/** One node selector requirement against a set of values (labels, or `metadata.name` for fields). */
export function matchesRequirement(
  requirement: NodeSelectorRequirement,
  values: Readonly<Record<string, string>>,
): boolean {
  const actual = values[requirement.key];
  switch (requirement.operator) {
    case "In":
      return actual !== undefined && requirement.values.includes(actual);
    case "NotIn":
      return actual === undefined || !requirement.values.includes(actual);
    case "Exists":
      return actual !== undefined;
    case "DoesNotExist":
      return actual === undefined;
    case "Gt":
      return compareNumbers(actual, requirement.values, 1);
    case "Lt":
      return compareNumbers(actual, requirement.values, -1);
    default:
      return false;
  }
}

/**
 * A node selector term matches when all its expressions (on labels) and fields (on `metadata.name`) do; a
 * term with neither matches nothing, as in Kubernetes.
 */
export function matchesTerm(term: NodeSelectorTerm, node: Node): boolean {
  if (term.matchExpressions.length === 0 && term.matchFields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  const fields = { "metadata.name": node.metadata?.name ?? "" };
  return (
    term.matchExpressions.every((requirement) => matchesRequirement(requirement, labels)) &&
    term.matchFields.every((requirement) => matchesRequirement(requirement, fields))
  );
}
