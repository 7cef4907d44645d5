import { ApiError, type LabelSelectorObject, labelSelectorFromObject } from "@capstan/apimachinery";

/**
 * A label selector in the string form kubectl prints (and `-l` accepts), e.g. `app=web,tier in (a,b)`;
 * an absent or empty selector prints as the empty string. A selector too malformed to read (which
 * validation refuses before it is stored) prints as `<invalid>` rather than failing the whole table.
 */
export function formatLabelSelector(selector: LabelSelectorObject | undefined): string {
  try {
    return labelSelectorFromObject(selector).toString();
  } catch (error) {
    if (error instanceof ApiError) return "<invalid>";
    throw error;
  }
}

/** Labels as `k=v,k2=v2` sorted by key, `<none>` when there are none (Kubernetes' FormatLabels). */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort(compareStrings);
  return keys.length === 0 ? "<none>" : keys.map((key) => `${key}=${labels[key]}`).join(",");
}

/** Byte-wise string order, as Go sorts strings (not locale order). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
