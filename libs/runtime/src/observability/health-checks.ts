/**
 * One named health check (`etcd`, `informer-sync`, `bus`). It passes by returning and fails by throwing
 * (or rejecting); the message is logged, not sent to the client.
 */
export interface HealthCheck {
  readonly name: string;
  check(): void | Promise<void>;
}

/** Liveness checks decide restarts; readiness checks decide whether to send traffic. */
export interface HealthChecks {
  /** Served on /livez, and also part of /readyz and /healthz. */
  readonly live?: readonly HealthCheck[];
  /** Served on /readyz and /healthz only. */
  readonly ready?: readonly HealthCheck[];
}

/** The outcome of one check. */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly excluded: boolean;
  /** Why it failed (for the log; the HTTP response withholds it). */
  readonly reason?: string;
}

/** Always present, as in Kubernetes: proves the process answers at all. */
export const PING_CHECK: HealthCheck = { name: "ping", check: () => {} };

/** Runs checks concurrently; one that neither passes nor fails within `timeoutMs` fails. */
export async function runChecks(
  checks: readonly HealthCheck[],
  excluded: ReadonlySet<string>,
  timeoutMs: number,
): Promise<CheckResult[]> {
  return Promise.all(
    checks.map(async (check): Promise<CheckResult> => {
      if (excluded.has(check.name)) return { name: check.name, ok: true, excluded: true };
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([Promise.resolve().then(() => check.check()), timeout]);
        return { name: check.name, ok: true, excluded: false };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { name: check.name, ok: false, excluded: false, reason };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

/**
 * The Kubernetes text form: one `[+]name ok` / `[-]name failed: reason withheld` line per check, then
 * `<endpoint> check passed|failed`.
 */
export function formatCheckReport(endpoint: string, results: readonly CheckResult[]): string {
  const lines = results.map((result) => {
    if (result.excluded) return `[+]${result.name} excluded: ok`;
    return result.ok ? `[+]${result.name} ok` : `[-]${result.name} failed: reason withheld`;
  });
  const passed = results.every((result) => result.ok);
  lines.push(`${endpoint} check ${passed ? "passed" : "failed"}`);
  return `${lines.join("\n")}\n`;
}
