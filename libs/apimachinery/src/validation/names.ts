import { EMPTY_MESSAGE, maxLengthMessage, regexMessage } from "./messages.js";

/**
 * Kubernetes' name rules. Each function returns the list of problems (empty when valid), with the
 * exact wording of k8s.io/apimachinery/pkg/util/validation.
 */

const DNS1123_LABEL_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FORMAT = `${DNS1123_LABEL_FORMAT}(\\.${DNS1123_LABEL_FORMAT})*`;
const DNS1035_LABEL_FORMAT = "[a-z]([-a-z0-9]*[a-z0-9])?";
const QUALIFIED_NAME_FORMAT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE_FORMAT = `(${QUALIFIED_NAME_FORMAT})?`;

const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FORMAT}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FORMAT}$`);
const DNS1035_LABEL = new RegExp(`^${DNS1035_LABEL_FORMAT}$`);
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FORMAT}$`);
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FORMAT}$`);

export const DNS1123_LABEL_MAX_LENGTH = 63;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
export const DNS1035_LABEL_MAX_LENGTH = 63;
export const QUALIFIED_NAME_MAX_LENGTH = 63;
export const LABEL_VALUE_MAX_LENGTH = 63;

const NOT_A_STRING = "must be a string";

/** A lowercase RFC 1123 label (namespace names, most label-like names): at most 63 characters, no dots. */
export function validateDns1123Label(value: string): string[] {
  if (typeof value !== "string") return [NOT_A_STRING];
  const problems: string[] = [];
  if (value.length > DNS1123_LABEL_MAX_LENGTH) problems.push(maxLengthMessage(DNS1123_LABEL_MAX_LENGTH));
  if (!DNS1123_LABEL.test(value)) {
    // A valid subdomain that is not a valid label can only be failing on its dots.
    problems.push(
      DNS1123_SUBDOMAIN.test(value)
        ? "must not contain dots"
        : regexMessage(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
            DNS1123_LABEL_FORMAT,
            ["my-name", "123-abc"],
          ),
    );
  }
  return problems;
}

/** A lowercase RFC 1123 subdomain (most object names): at most 253 characters, dot-separated labels. */
export function validateDns1123Subdomain(value: string): string[] {
  if (typeof value !== "string") return [NOT_A_STRING];
  const problems: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH)
    problems.push(maxLengthMessage(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN.test(value))
    problems.push(
      regexMessage(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FORMAT,
        ["example.com"],
      ),
    );
  return problems;
}

/** An RFC 1035 label (Service names): like a DNS-1123 label but starting with a letter. */
export function validateDns1035Label(value: string): string[] {
  if (typeof value !== "string") return [NOT_A_STRING];
  const problems: string[] = [];
  if (value.length > DNS1035_LABEL_MAX_LENGTH) problems.push(maxLengthMessage(DNS1035_LABEL_MAX_LENGTH));
  if (!DNS1035_LABEL.test(value))
    problems.push(
      regexMessage(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FORMAT,
        ["my-name", "abc-123"],
      ),
    );
  return problems;
}

const QUALIFIED_NAME_RULE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_EXAMPLES = ["MyName", "my.name", "123-abc"];

/** A qualified name (label and annotation keys): `name` or `dns.subdomain/name`, the name at most 63 characters. */
export function validateQualifiedName(value: string): string[] {
  if (typeof value !== "string") return [NOT_A_STRING];
  const parts = value.split("/");
  if (parts.length > 2)
    return [
      `a qualified name ${regexMessage(QUALIFIED_NAME_RULE, QUALIFIED_NAME_FORMAT, QUALIFIED_NAME_EXAMPLES)} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  const problems: string[] = [];
  const [prefix, name] = parts.length === 2 ? [parts[0] ?? "", parts[1] ?? ""] : [undefined, parts[0] ?? ""];
  if (prefix !== undefined) {
    if (prefix.length === 0) problems.push(`prefix part ${EMPTY_MESSAGE}`);
    else problems.push(...validateDns1123Subdomain(prefix).map((problem) => `prefix part ${problem}`));
  }
  if (name.length === 0) problems.push(`name part ${EMPTY_MESSAGE}`);
  else if (name.length > QUALIFIED_NAME_MAX_LENGTH)
    problems.push(`name part ${maxLengthMessage(QUALIFIED_NAME_MAX_LENGTH)}`);
  if (!QUALIFIED_NAME.test(name))
    problems.push(
      `name part ${regexMessage(QUALIFIED_NAME_RULE, QUALIFIED_NAME_FORMAT, QUALIFIED_NAME_EXAMPLES)}`,
    );
  return problems;
}

/** A label key: a qualified name. */
export function validateLabelKey(value: string): string[] {
  return validateQualifiedName(value);
}

/** A label value: empty, or at most 63 characters of a qualified-name shape. */
export function validateLabelValue(value: string): string[] {
  if (typeof value !== "string") return [NOT_A_STRING];
  const problems: string[] = [];
  if (value.length > LABEL_VALUE_MAX_LENGTH) problems.push(maxLengthMessage(LABEL_VALUE_MAX_LENGTH));
  if (!LABEL_VALUE.test(value))
    problems.push(
      regexMessage(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FORMAT,
        ["MyValue", "my_value", "12345"],
      ),
    );
  return problems;
}

/** Names that travel in URL paths: not `.` or `..`, no `/` or `%` (checked for every resource's names). */
export function validatePathSegmentName(value: string): string[] {
  if (typeof value !== "string") return [NOT_A_STRING];
  if (value === "." || value === "..") return [`may not be '${value}'`];
  return ["/", "%"]
    .filter((illegal) => value.includes(illegal))
    .map((illegal) => `may not contain '${illegal}'`);
}

/**
 * Validates an object name, or a `generateName` prefix when `prefix` is true (a trailing `-` is then
 * allowed, since a random suffix follows it).
 */
export type NameValidator = (name: string, prefix: boolean) => string[];

function maskTrailingDash(name: string, prefix: boolean): string {
  return prefix && typeof name === "string" && name.length > 1 && name.endsWith("-")
    ? `${name.slice(0, -1)}a`
    : name;
}

/** Kubernetes' name validators, by rule: most kinds use `dnsSubdomain`, Namespace `dnsLabel`, Service `dns1035Label`. */
export const nameValidators = {
  dnsSubdomain: ((name, prefix) => validateDns1123Subdomain(maskTrailingDash(name, prefix))) as NameValidator,
  dnsLabel: ((name, prefix) => validateDns1123Label(maskTrailingDash(name, prefix))) as NameValidator,
  dns1035Label: ((name, prefix) => validateDns1035Label(maskTrailingDash(name, prefix))) as NameValidator,
};
