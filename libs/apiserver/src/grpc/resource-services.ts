import type { DescService } from "@bufbuild/protobuf";
import type { ResourceType } from "@capstan/api";
import * as api from "@capstan/api";

/**
 * Every per-resource gRPC service @capstan/api generates (PodService, DeploymentService, ...), found by
 * scanning its exports, so a resource added to proto/ is served without a list to keep in step here.
 */
const services: readonly DescService[] = Object.values(api as Record<string, unknown>).filter(isService);

/** The service whose Get returns `type`'s message, or undefined when proto/ defines none. */
export function serviceForResource(type: ResourceType): DescService | undefined {
  return services.find((service) => service.method.get?.output.typeName === type.schema.typeName);
}

function isService(value: unknown): value is DescService {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "service" &&
    Array.isArray((value as { methods?: unknown }).methods)
  );
}
