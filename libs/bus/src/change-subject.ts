import { BusError } from "./bus-error.js";

/** Every change-feed subject starts with this; the default stream takes `capstan.changes.>`. */
export const CHANGE_SUBJECT_PREFIX = "capstan.changes";

/** Token standing for the core API group (""). No real group is named "core": CRD groups hold a dot. */
const CORE_GROUP = "core";
/** Token standing for "none": no namespace (cluster-scoped) or no node (an unscheduled pod). */
const NONE = "_";
const SAFE = /^[A-Za-z0-9-]$/;

/** What a change-feed subject says about the object that changed. */
export interface ChangeKey {
  /** API group, "" for the core group. */
  readonly group: string;
  /** Plural resource, e.g. "pods". */
  readonly resource: string;
  /** "" for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
  /** For pods, `spec.nodeName` ("" while unscheduled); "" for other resources. */
  readonly nodeName: string;
}

/**
 * Escapes any value into one subject token, reversibly: characters other than letters, digits and '-'
 * become `%XX` (UTF-8 bytes), so dots in names and groups cannot split tokens, and an empty value or a
 * lone "_" cannot be confused with the "none" token.
 */
export function escapeToken(value: string): string {
  if (value === "") throw new BusError("invalid", "cannot escape an empty subject token");
  let escaped = "";
  for (const char of value) {
    if (SAFE.test(char)) escaped += char;
    else
      for (const byte of new TextEncoder().encode(char))
        escaped += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return escaped;
}

/** Reverses {@link escapeToken}; throws BusError("invalid") on malformed escapes. */
export function unescapeToken(token: string): string {
  try {
    return decodeURIComponent(token);
  } catch (error) {
    throw new BusError("invalid", `malformed subject token ${JSON.stringify(token)}`, { cause: error });
  }
}

/**
 * The subject a change is published on:
 * `capstan.changes.<group|core>.<resource>.<namespace|_>.<name>.<node|_>`, so consumers can filter by
 * resource, namespace and (for pods) node. See {@link changeFilter}.
 */
export function changeSubject(key: {
  group: string;
  resource: string;
  namespace?: string;
  name: string;
  nodeName?: string;
}): string {
  requireString(key?.group, "group", true);
  requireString(key.resource, "resource", false);
  requireString(key.name, "name", false);
  return [
    CHANGE_SUBJECT_PREFIX,
    groupToken(key.group),
    escapeToken(key.resource),
    optionalToken(key.namespace, "namespace"),
    escapeToken(key.name),
    optionalToken(key.nodeName, "nodeName"),
  ].join(".");
}

/**
 * The single subject pattern (nats-server 2.9 takes one filter per consumer) selecting changes by any
 * combination of group, resource, namespace and node; unset fields match anything. A namespace or node
 * of "" selects cluster-scoped objects or unscheduled pods. `changeFilter({})` is the whole feed.
 */
export function changeFilter(filter: {
  group?: string;
  resource?: string;
  namespace?: string;
  nodeName?: string;
}): string {
  if (typeof filter !== "object" || filter === null)
    throw new BusError("invalid", "changeFilter needs an object");
  const { group, resource, namespace, nodeName } = filter;
  if (group === undefined && resource === undefined && namespace === undefined && nodeName === undefined) {
    return `${CHANGE_SUBJECT_PREFIX}.>`;
  }
  if (resource !== undefined) requireString(resource, "resource", false);
  return [
    CHANGE_SUBJECT_PREFIX,
    group === undefined ? "*" : groupToken(requireString(group, "group", true)),
    resource === undefined ? "*" : escapeToken(resource),
    namespace === undefined ? "*" : optionalToken(namespace, "namespace"),
    "*",
    nodeName === undefined ? "*" : optionalToken(nodeName, "nodeName"),
  ].join(".");
}

/** Reads a subject made by {@link changeSubject}; throws BusError("invalid") for any other subject. */
export function parseChangeSubject(subject: string): ChangeKey {
  const prefix = `${CHANGE_SUBJECT_PREFIX}.`;
  const tokens =
    typeof subject === "string" && subject.startsWith(prefix) ? subject.slice(prefix.length).split(".") : [];
  const [group, resource, namespace, name, nodeName] = tokens;
  if (tokens.length !== 5 || !group || !resource || !namespace || !name || !nodeName) {
    throw new BusError("invalid", `not a change subject: ${JSON.stringify(subject)}`);
  }
  return {
    group: group === CORE_GROUP ? "" : unescapeToken(group),
    resource: unescapeToken(resource),
    namespace: namespace === NONE ? "" : unescapeToken(namespace),
    name: unescapeToken(name),
    nodeName: nodeName === NONE ? "" : unescapeToken(nodeName),
  };
}

function groupToken(group: string): string {
  return group === "" ? CORE_GROUP : escapeToken(group);
}

function optionalToken(value: string | undefined, field: string): string {
  if (value === undefined || value === "") return NONE;
  return escapeToken(requireString(value, field, false));
}

function requireString(value: unknown, field: string, emptyAllowed: boolean): string {
  if (typeof value !== "string" || (!emptyAllowed && value === "")) {
    throw new BusError(
      "invalid",
      `change subject: ${field} must be a ${emptyAllowed ? "" : "non-empty "}string`,
    );
  }
  return value;
}
