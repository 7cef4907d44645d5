import type { HTTPGetAction, LifecycleHandler, Probe, TCPSocketAction } from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";
import { validatePortNumberOrName } from "../shared/int-or-string.js";
import { validatePortNumber } from "../shared/value-rules.js";

const SCHEMES = ["HTTP", "HTTPS"];
const HEADER_NAME = /^[-A-Za-z0-9]+$/;

/** Which probe a check is for: liveness and startup probes must succeed once to count. */
export type ProbeKind = "livenessProbe" | "readinessProbe" | "startupProbe";

function nonNegative(value: number, path: string): FieldError[] {
  return value < 0 ? [fieldError.invalid(path, value, "must be greater than or equal to 0")] : [];
}

function validateHttpGet(action: HTTPGetAction, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (action.path === "") errors.push(fieldError.required(`${path}.path`));
  errors.push(...validatePortNumberOrName(action.port, `${path}.port`));
  if (!SCHEMES.includes(action.scheme))
    errors.push(fieldError.notSupported(`${path}.scheme`, action.scheme, SCHEMES));
  for (const [index, header] of action.httpHeaders.entries())
    if (!HEADER_NAME.test(header.name))
      errors.push(
        fieldError.invalid(
          `${path}.httpHeaders[${index}].name`,
          header.name,
          "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')",
        ),
      );
  return errors;
}

function validateTcpSocket(action: TCPSocketAction, path: string): FieldError[] {
  return validatePortNumberOrName(action.port, `${path}.port`);
}

/** Exactly one action; each action's own fields. */
function validateHandlers(
  handlers: Readonly<Record<string, unknown>>,
  path: string,
  validateOne: (name: string, at: string) => FieldError[],
): FieldError[] {
  const set = Object.entries(handlers).filter(([, value]) => value !== undefined);
  if (set.length === 0) return [fieldError.required(path, "must specify a handler type")];
  if (set.length > 1) return [fieldError.forbidden(path, "may not specify more than 1 handler type")];
  const [name] = set[0] ?? [""];
  return validateOne(name, `${path}.${name}`);
}

/** A probe: one action, non-negative timing, liveness and startup probes with successThreshold 1. */
export function validateProbe(probe: Probe | undefined, kind: ProbeKind, path: string): FieldError[] {
  if (!probe) return [];
  const handlers = { exec: probe.exec, httpGet: probe.httpGet, tcpSocket: probe.tcpSocket, grpc: probe.grpc };
  const errors = validateHandlers(handlers, path, (name, at) => {
    if (name === "exec" && probe.exec?.command.length === 0) return [fieldError.required(`${at}.command`)];
    if (name === "httpGet" && probe.httpGet) return validateHttpGet(probe.httpGet, at);
    if (name === "tcpSocket" && probe.tcpSocket) return validateTcpSocket(probe.tcpSocket, at);
    if (name === "grpc")
      return validatePortNumber(probe.grpc?.port ?? 0).map((problem) =>
        fieldError.invalid(`${at}.port`, probe.grpc?.port ?? 0, problem),
      );
    return [];
  });
  errors.push(...nonNegative(probe.initialDelaySeconds, `${path}.initialDelaySeconds`));
  errors.push(...nonNegative(probe.timeoutSeconds, `${path}.timeoutSeconds`));
  errors.push(...nonNegative(probe.periodSeconds, `${path}.periodSeconds`));
  errors.push(...nonNegative(probe.successThreshold, `${path}.successThreshold`));
  errors.push(...nonNegative(probe.failureThreshold, `${path}.failureThreshold`));
  if (kind !== "readinessProbe" && probe.successThreshold !== 1)
    errors.push(fieldError.invalid(`${path}.successThreshold`, probe.successThreshold, "must be 1"));
  const grace = probe.terminationGracePeriodSeconds;
  if (grace !== undefined) {
    if (kind === "readinessProbe")
      errors.push(
        fieldError.invalid(
          `${path}.terminationGracePeriodSeconds`,
          Number(grace),
          "must not be set for readinessProbes",
        ),
      );
    else if (grace <= 0n)
      errors.push(
        fieldError.invalid(`${path}.terminationGracePeriodSeconds`, Number(grace), "must be greater than 0"),
      );
  }
  return errors;
}

/** A lifecycle hook (postStart, preStop): one action. */
export function validateLifecycleHandler(handler: LifecycleHandler | undefined, path: string): FieldError[] {
  if (!handler) return [];
  const handlers = {
    exec: handler.exec,
    httpGet: handler.httpGet,
    tcpSocket: handler.tcpSocket,
    sleep: handler.sleep,
  };
  return validateHandlers(handlers, path, (name, at) => {
    if (name === "exec" && handler.exec?.command.length === 0) return [fieldError.required(`${at}.command`)];
    if (name === "httpGet" && handler.httpGet) return validateHttpGet(handler.httpGet, at);
    if (name === "tcpSocket" && handler.tcpSocket) return validateTcpSocket(handler.tcpSocket, at);
    if (name === "sleep" && (handler.sleep?.seconds ?? 0n) <= 0n)
      return [
        fieldError.invalid(`${at}.seconds`, Number(handler.sleep?.seconds ?? 0n), "must be greater than 0"),
      ];
    return [];
  });
}
