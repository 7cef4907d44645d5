import { clone, create, equals } from "@bufbuild/protobuf";
import {
  EndpointSubsetSchema,
  type Endpoints,
  EndpointsSchema,
  ObjectMetaSchema,
  type Pod,
  type Service,
} from "@capstan/api";
import { ApiError, labelSelectorFromSet } from "@capstan/apimachinery";
import type { Lister, Reconciler } from "@capstan/client";
import { desiredSubsets } from "./desired-subsets.js";
import { splitKey } from "./split-key.js";

/** The label Kubernetes puts on the Endpoints of a headless service. */
export const HEADLESS_LABEL = "service.kubernetes.io/headless";

/** The writes the endpoints controller makes (a typed EndpointsService gRPC client fits). */
export interface EndpointsWriter {
  create(endpoints: Endpoints): Promise<Endpoints>;
  update(endpoints: Endpoints): Promise<Endpoints>;
  delete(request: { namespace: string; name: string }): Promise<unknown>;
}

/** What the endpoints reconciler reads and writes. */
export interface EndpointsReconcilerDeps {
  readonly services: Lister<Service>;
  readonly pods: Lister<Pod>;
  readonly endpoints: Lister<Endpoints>;
  readonly writer: EndpointsWriter;
}

/** The labels an Endpoints object carries: its service's, plus the headless mark. */
function desiredLabels(service: Service): Record<string, string> {
  const labels: Record<string, string> = { ...(service.metadata?.labels ?? {}) };
  if (service.spec?.clusterIp === "None") labels[HEADLESS_LABEL] = "";
  else delete labels[HEADLESS_LABEL];
  return labels;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

/**
 * Reconciles the Endpoints named like the service `key`: gone with its service, left alone for a service
 * without a selector (someone else manages them), else made equal to the ready/not-ready addresses of the
 * pods the selector picks. Writes only when something differs; a stale cache shows up as a Conflict or
 * AlreadyExists error, which the work queue retries.
 */
export function createEndpointsReconciler(deps: EndpointsReconcilerDeps): Reconciler {
  return async (key) => {
    const { namespace, name } = splitKey(key);
    const service = deps.services.get(key);
    const current = deps.endpoints.get(key);
    if (!service || service.metadata?.deletionTimestamp) {
      if (!current) return;
      try {
        await deps.writer.delete({ namespace, name });
      } catch (error) {
        if (!ApiError.is(error, "NotFound")) throw error;
      }
      return;
    }
    const selector = service.spec?.selector ?? {};
    if (Object.keys(selector).length === 0) return;
    const pods = deps.pods.list({ namespace, labelSelector: labelSelectorFromSet(selector) });
    const subsets = desiredSubsets(service, pods);
    const labels = desiredLabels(service);
    if (!current) {
      await deps.writer.create(
        create(EndpointsSchema, {
          apiVersion: "v1",
          kind: "Endpoints",
          metadata: create(ObjectMetaSchema, { namespace, name, labels }),
          subsets,
        }),
      );
      return;
    }
    const sameSubsets =
      current.subsets.length === subsets.length &&
      current.subsets.every((subset, i) => {
        const wanted = subsets[i];
        return wanted !== undefined && equals(EndpointSubsetSchema, subset, wanted);
      });
    if (sameSubsets && sameLabels(current.metadata?.labels ?? {}, labels)) return;
    const next = clone(EndpointsSchema, current);
    next.metadata ??= create(ObjectMetaSchema, { namespace, name });
    next.metadata.labels = labels;
    next.subsets = subsets;
    await deps.writer.update(next);
  };
}
