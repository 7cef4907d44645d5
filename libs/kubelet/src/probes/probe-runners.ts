import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import type { HTTPGetAction, Probe, TCPSocketAction } from "@capstan/api";
import { intOrStringValue } from "@capstan/api";

/** The outcome of one probe attempt; `message` says why it failed (empty on success). */
export interface ProbeResult {
  readonly success: boolean;
  readonly message: string;
}

/** Where a container's probes go. K binds `exec` to the container. */
export interface ProbeTarget {
  /** Default host of httpGet and tcpSocket probes. */
  readonly podIP: string;
  /** The container's declared ports, to resolve a probe port given by name. */
  readonly ports?: readonly { readonly name: string; readonly containerPort?: number | undefined }[];
  /** Runs `command` in the container; resolves with its exit code, rejects on timeout or runtime failure. */
  exec(command: string[], timeoutMs: number): Promise<{ exitCode: number; output: string }>;
}

/** Kubernetes' probe defaults for fields left at zero. */
export const PROBE_DEFAULTS = {
  timeoutSeconds: 1,
  periodSeconds: 10,
  successThreshold: 1,
  failureThreshold: 3,
};

/** A probe field, or its default when unset (0) or invalid (negative: the API would have refused it). */
export function probeSetting(value: number, fallback: number): number {
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const USER_AGENT = "kube-probe/1.32";
const OUTPUT_KEPT = 10 * 1024;

/**
 * Runs one attempt of the probe's handler (exec, httpGet, tcpSocket), bounded by timeoutSeconds. Never
 * rejects: errors (refused connection, timeout, unknown port name, a probe with no handler) are failures
 * whose message says what happened, as kubectl describe shows in Unhealthy events.
 */
export async function runProbe(probe: Probe, target: ProbeTarget): Promise<ProbeResult> {
  const timeoutMs = probeSetting(probe.timeoutSeconds, PROBE_DEFAULTS.timeoutSeconds) * 1000;
  try {
    if (probe.exec) return await execProbe(probe.exec.command, target, timeoutMs);
    if (probe.httpGet) return await httpProbe(probe.httpGet, target, timeoutMs);
    if (probe.tcpSocket) return await tcpProbe(probe.tcpSocket, target, timeoutMs);
    if (probe.grpc) return failure("grpc probes are not supported by this kubelet");
    return failure("the probe has no handler (exec, httpGet or tcpSocket)");
  } catch (error) {
    return failure(error instanceof Error ? error.message : String(error));
  }
}

function failure(message: string): ProbeResult {
  return { success: false, message };
}

async function execProbe(command: string[], target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  if (command.length === 0) return failure("exec probe has no command");
  const { exitCode, output } = await target.exec(command, timeoutMs);
  if (exitCode === 0) return { success: true, message: "" };
  const said = output.trim().slice(0, OUTPUT_KEPT);
  return failure(`command ${JSON.stringify(command)} exited with ${exitCode}${said ? `: ${said}` : ""}`);
}

/** A probe port by number, or by the name of one of the container's ports. */
export function resolveProbePort(
  port: HTTPGetAction["port"] | TCPSocketAction["port"],
  ports: ProbeTarget["ports"] = [],
): number {
  const value = port ? intOrStringValue(port) : 0;
  const number =
    typeof value === "number"
      ? value
      : /^\d+$/.test(value)
        ? Number(value)
        : ports.find((candidate) => candidate.name === value)?.containerPort;
  if (number === undefined)
    throw new Error(`probe port ${JSON.stringify(value)} names no port of the container`);
  if (!Number.isInteger(number) || number < 1 || number > 65535)
    throw new Error(`invalid probe port ${number}`);
  return number;
}

function httpProbe(action: HTTPGetAction, target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  const scheme = (action.scheme || "HTTP").toUpperCase();
  if (scheme !== "HTTP" && scheme !== "HTTPS")
    return Promise.resolve(failure(`unsupported scheme ${scheme}`));
  const host = action.host || target.podIP;
  const port = resolveProbePort(action.port, target.ports);
  const path = action.path ? (action.path.startsWith("/") ? action.path : `/${action.path}`) : "/";
  const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: "*/*" };
  for (const header of action.httpHeaders) headers[header.name.toLowerCase()] = header.value;
  const send = scheme === "HTTPS" ? httpsRequest : httpRequest;
  const url = `${scheme.toLowerCase()}://${host}:${port}${path}`;
  return new Promise((resolve) => {
    const req = send(
      // Kubernetes does not verify a probed pod's certificate (it has no way to trust it).
      { host, port, path, method: "GET", headers, timeout: timeoutMs, rejectUnauthorized: false },
      (res) => {
        res.resume(); // the body is not needed; draining it lets the socket close
        res.on("end", () => {
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 400) resolve({ success: true, message: "" });
          else resolve(failure(`HTTP probe failed with statuscode: ${code}`));
        });
        res.on("error", (error) => resolve(failure(`GET ${url}: ${error.message}`)));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on("error", (error) => resolve(failure(`Get "${url}": ${error.message}`)));
    req.end();
  });
}

function tcpProbe(action: TCPSocketAction, target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  const host = action.host || target.podIP;
  const port = resolveProbePort(action.port, target.ports);
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    socket.once("connect", () => {
      socket.destroy();
      resolve({ success: true, message: "" });
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(failure(`dial tcp ${host}:${port}: i/o timeout after ${timeoutMs} ms`));
    });
    socket.once("error", (error) => resolve(failure(`dial tcp ${host}:${port}: ${error.message}`)));
  });
}
