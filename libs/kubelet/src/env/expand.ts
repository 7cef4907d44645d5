/**
 * Kubernetes' `$(VAR)` expansion of env values, command and args (its third_party expansion package):
 * `$(NAME)` becomes the value of NAME when `lookup` knows it and stays as written when not; `$$` is an escaped
 * `$`; any other `$` (including an unterminated `$(`) is kept literally.
 */
export function expandVariables(input: string, lookup: (name: string) => string | undefined): string {
  let out = "";
  let cursor = 0;
  while (cursor < input.length) {
    const dollar = input.indexOf("$", cursor);
    if (dollar === -1 || dollar === input.length - 1) {
      out += input.slice(cursor);
      break;
    }
    out += input.slice(cursor, dollar);
    const next = input[dollar + 1];
    if (next === "$") {
      out += "$";
      cursor = dollar + 2;
    } else if (next === "(") {
      const close = input.indexOf(")", dollar + 2);
      if (close === -1) {
        out += "$(";
        cursor = dollar + 2;
      } else {
        const name = input.slice(dollar + 2, close);
        out += lookup(name) ?? `$(${name})`;
        cursor = close + 1;
      }
    } else {
      out += `$${next}`;
      cursor = dollar + 2;
    }
  }
  return out;
}
