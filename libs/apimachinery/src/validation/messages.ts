/**
 * Kubernetes' validation message builders (k8s.io/apimachinery/pkg/util/validation), reproduced
 * word for word because users paste these messages into search engines.
 */

/** `must be no more than 63 characters`. */
export function maxLengthMessage(length: number): string {
  return `must be no more than ${length} characters`;
}

/** `must be non-empty`. */
export const EMPTY_MESSAGE = "must be non-empty";

/**
 * A pattern failure: the rule, examples and the regex, e.g.
 * `... (e.g. 'my-name',  or '123-abc', regex used for validation is '...')`.
 * The doubled space after each example's comma is Kubernetes' own.
 */
export function regexMessage(message: string, pattern: string, examples: readonly string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${pattern}')`;
  const listed = examples.map((example) => `'${example}', `).join(" or ");
  return `${message} (e.g. ${listed}regex used for validation is '${pattern}')`;
}
