/** A parsed JSON answer of the REST API. */
export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed body; assert with toMatchObject, read fields with {@link valueAt}. */
  readonly body: unknown;
}

/**
 * Sends one request to the REST API and parses the answer as JSON (an empty body gives `{}`; a body
 * that is not JSON is a test failure naming it). A string body is sent as is, anything else as JSON.
 */
export async function requestJson(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = {};
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(
        `${method} ${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
      );
    }
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/**
 * The value at a dotted path (`metadata.labels.app`, `items.0.metadata.name`) of parsed JSON, or
 * undefined where the path leaves the document.
 */
export function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The string at a dotted path; throws (naming the path) when it is missing or not a string. */
export function stringAt(value: unknown, path: string): string {
  const found = valueAt(value, path);
  if (typeof found !== "string")
    throw new Error(`expected a string at ${path}, found ${JSON.stringify(found)}`);
  return found;
}
