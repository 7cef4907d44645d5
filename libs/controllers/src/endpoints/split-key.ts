/** The namespace and name in a cache key (`namespace/name`, or `name` for a cluster-scoped object). */
export function splitKey(key: string): { namespace: string; name: string } {
  if (typeof key !== "string" || key === "") throw new TypeError("a key must be a non-empty string");
  const slash = key.indexOf("/");
  return slash < 0
    ? { namespace: "", name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
