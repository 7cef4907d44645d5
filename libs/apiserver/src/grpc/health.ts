import { ApiError } from "@capstan/apimachinery";
import {
  type GrpcServiceImplementation,
  type HealthCheckResponse,
  type HealthService,
  ServingStatus,
} from "@capstan/client";

type Status = HealthCheckResponse["status"];

/**
 * Serving status per service for the standard gRPC health protocol. "" is the server as a whole. Watchers
 * get the current status at once and every change after it.
 */
export class HealthRegistry {
  private readonly statuses = new Map<string, Status>();
  private readonly listeners = new Set<() => void>();

  /** Sets a service's status and tells its watchers. */
  set(service: string, status: Status): void {
    if (this.statuses.get(service) === status) return;
    this.statuses.set(service, status);
    for (const listener of [...this.listeners]) listener();
  }

  /** Marks every known service NOT_SERVING (on shutdown, so load balancers stop sending work). */
  shutDown(): void {
    for (const service of this.statuses.keys()) this.set(service, ServingStatus.NOT_SERVING);
  }

  /** Every service with a status ("" included once set). */
  services(): string[] {
    return [...this.statuses.keys()];
  }

  get(service: string): Status | undefined {
    return this.statuses.get(service);
  }

  /** The grpc.health.v1.Health implementation over this registry. */
  implementation(): GrpcServiceImplementation<typeof HealthService> {
    return {
      check: (request) => {
        const status = this.statuses.get(request.service);
        if (status === undefined) throw ApiError.notFound("services", request.service);
        return { status };
      },
      watch: (request, { signal }) => this.watch(request.service, signal),
    };
  }

  private async *watch(service: string, signal: AbortSignal): AsyncIterable<{ status: Status }> {
    let sent: Status | undefined;
    let wake: () => void = () => {};
    const listener = () => wake();
    this.listeners.add(listener);
    const onAbort = () => wake();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      while (!signal.aborted) {
        const status = this.statuses.get(service) ?? ServingStatus.SERVICE_UNKNOWN;
        const changed = new Promise<void>((resolve) => {
          wake = resolve;
        });
        if (status !== sent) {
          sent = status;
          yield { status };
        }
        await changed;
      }
    } finally {
      this.listeners.delete(listener);
      signal.removeEventListener("abort", onAbort);
    }
  }
}
