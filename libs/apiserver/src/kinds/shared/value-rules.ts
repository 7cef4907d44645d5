import { isIP } from "node:net";

/**
 * Value rules of k8s.io/apimachinery/pkg/util/validation that pod, service and config validation need
 * beyond names. Each returns its problems (empty when valid) in Kubernetes' wording.
 */

const PORT_NAME_CHARSET = /^[-a-z0-9]+$/;
const PORT_NAME_LETTER = /[a-z]/;

/** An IANA service name (a port name): at most 15 lowercase alphanumerics and single inner hyphens, one letter. */
export function validatePortName(name: string): string[] {
  const problems: string[] = [];
  if (name.length > 15) problems.push("must be no more than 15 characters");
  if (!PORT_NAME_CHARSET.test(name))
    problems.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!PORT_NAME_LETTER.test(name)) problems.push("must contain at least one letter (a-z)");
  if (name.includes("--")) problems.push("must not contain consecutive hyphens");
  if (name.startsWith("-") || name.endsWith("-")) problems.push("must not begin or end with a hyphen");
  return problems;
}

/** A TCP/UDP port number. */
export function validatePortNumber(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? []
    : ["must be between 1 and 65535, inclusive"];
}

const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** An environment variable name. */
export function validateEnvVarName(name: string): string[] {
  return ENV_VAR_NAME.test(name)
    ? []
    : [
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
      ];
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** A key of a ConfigMap or Secret: a file name, at most 253 characters, not `.` or `..`. */
export function validateConfigKey(key: string): string[] {
  const problems: string[] = [];
  if (key.length > 253) problems.push("must be no more than 253 characters");
  if (!CONFIG_KEY.test(key))
    problems.push(
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    );
  if (key === ".") problems.push("must not be '.'");
  else if (key === "..") problems.push("must not be '..'");
  else if (key.startsWith("..")) problems.push("must not start with '..'");
  return problems;
}

/** An IPv4 or IPv6 address. */
export function validateIp(value: string): string[] {
  return isIP(value) === 0 ? ["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"] : [];
}

/** A CIDR such as `10.244.0.0/24` or `fd00::/64`. */
export function validateCidr(value: string): string[] {
  const slash = value.indexOf("/");
  const ip = slash < 0 ? "" : value.slice(0, slash);
  const bits = slash < 0 ? Number.NaN : Number(value.slice(slash + 1));
  const family = isIP(ip);
  const maxBits = family === 4 ? 32 : 128;
  const valid = family !== 0 && /^\d+$/.test(value.slice(slash + 1)) && bits >= 0 && bits <= maxBits;
  return valid ? [] : ["must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"];
}
