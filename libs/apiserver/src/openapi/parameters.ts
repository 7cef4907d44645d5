/** One OpenAPI v3 parameter object. */
export interface ParameterObject {
  readonly name: string;
  readonly in: "path" | "query";
  readonly description: string;
  readonly required?: boolean;
  readonly schema: { readonly type: "string" | "integer" | "boolean" };
}

function query(name: string, type: ParameterObject["schema"]["type"], description: string): ParameterObject {
  return { name, in: "query", description, schema: { type } };
}

function path(name: string, description: string): ParameterObject {
  return { name, in: "path", description, required: true, schema: { type: "string" } };
}

/** Path parameters. */
export const PATH = {
  name: path("name", "name of the object"),
  namespace: path("namespace", "object name and auth scope, such as for teams and projects"),
} as const;

const pretty = query("pretty", "string", "If 'true', the output is pretty printed.");
const dryRun = query(
  "dryRun",
  "string",
  "When present (value All), the change is validated but not persisted.",
);
const fieldManager = query("fieldManager", "string", "The name of the actor making the change.");
/** kubectl sends `fieldValidation=Strict` only when the patch operation of the kind declares this parameter. */
const fieldValidation = query(
  "fieldValidation",
  "string",
  "How to treat unknown or duplicate fields in the body: Ignore, Warn (the default: a Warning header) or Strict (400).",
);
const force = query("force", "boolean", "Server-side apply: take ownership of fields other managers own.");
const labelSelector = query("labelSelector", "string", "Only objects whose labels match this selector.");
const fieldSelector = query("fieldSelector", "string", "Only objects whose fields match this selector.");
const limit = query("limit", "integer", "The most items to return; the rest is reached with `continue`.");
const continueToken = query(
  "continue",
  "string",
  "The token of the next page, from the previous page's metadata.",
);
const resourceVersion = query("resourceVersion", "string", "The revision to list at, or to watch from.");
const resourceVersionMatch = query(
  "resourceVersionMatch",
  "string",
  "How resourceVersion applies to a list.",
);
const timeoutSeconds = query("timeoutSeconds", "integer", "Ends a list or watch after this many seconds.");
const watch = query("watch", "boolean", "Stream changes (ADDED, MODIFIED, DELETED) instead of a list.");
const allowWatchBookmarks = query("allowWatchBookmarks", "boolean", "Send BOOKMARK events in a watch.");
const gracePeriodSeconds = query(
  "gracePeriodSeconds",
  "integer",
  "Seconds before the object is deleted; 0 deletes now.",
);
const propagationPolicy = query(
  "propagationPolicy",
  "string",
  "Whether and how dependents are deleted: Orphan, Background or Foreground.",
);
const orphanDependents = query("orphanDependents", "boolean", "Deprecated: use propagationPolicy.");

/** Query parameters of each action, as the Kubernetes apiserver declares them. */
export const QUERY: Readonly<Record<string, readonly ParameterObject[]>> = {
  get: [pretty],
  list: [
    pretty,
    allowWatchBookmarks,
    continueToken,
    fieldSelector,
    labelSelector,
    limit,
    resourceVersion,
    resourceVersionMatch,
    timeoutSeconds,
    watch,
  ],
  post: [pretty, dryRun, fieldManager, fieldValidation],
  put: [pretty, dryRun, fieldManager, fieldValidation],
  patch: [pretty, dryRun, fieldManager, fieldValidation, force],
  delete: [pretty, dryRun, gracePeriodSeconds, orphanDependents, propagationPolicy],
  deletecollection: [
    pretty,
    continueToken,
    dryRun,
    fieldSelector,
    gracePeriodSeconds,
    labelSelector,
    limit,
    orphanDependents,
    propagationPolicy,
    resourceVersion,
    resourceVersionMatch,
    timeoutSeconds,
  ],
  log: [
    pretty,
    query("container", "string", "The container to read; defaults to the only container."),
    query("follow", "boolean", "Stream the log as it grows."),
    query("limitBytes", "integer", "The most bytes to return."),
    query("previous", "boolean", "The log of the previous, terminated instance of the container."),
    query("sinceSeconds", "integer", "Only lines newer than this many seconds."),
    query("sinceTime", "string", "Only lines after this RFC 3339 time."),
    query("tailLines", "integer", "Only this many lines from the end."),
    query("timestamps", "boolean", "Prefix each line with its RFC 3339 time."),
  ],
};
