import type { ResourceType } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { type AggregatedVersion, aggregatedContentType, aggregatedDiscovery } from "./aggregated.js";
import { groupsOf } from "./catalog.js";
import {
  type DocumentHandler,
  type DocumentRequest,
  type DocumentResponse,
  documentResponse,
  type SerializedDocument,
  serializeDocument,
} from "./document.js";
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from "./legacy.js";
import { acceptsJson, parseAccept } from "./media-range.js";

const JSON_TYPE = "application/json";
const PROTOBUF_TYPE = "application/vnd.kubernetes.protobuf";
const AGGREGATED_VERSIONS: readonly AggregatedVersion[] = ["v2", "v2beta1"];

/** The documents of one discovery root (`/api` or `/apis`): the legacy form and both aggregated forms. */
interface RootDocuments {
  readonly legacy: SerializedDocument;
  readonly aggregated: Readonly<Record<AggregatedVersion, SerializedDocument>>;
}

/**
 * Builds the discovery handler for a resource table: `/api`, `/apis` (legacy or aggregated, by Accept),
 * `/apis/<group>`, `/api/v1` and `/apis/<group>/<version>`. Every document is built and serialised once.
 */
export function createDiscoveryHandler(resources: readonly ResourceType[]): DocumentHandler {
  const groups = groupsOf(resources);
  const core = groups.filter((group) => group.group === "");
  const named = groups.filter((group) => group.group !== "");
  const roots = new Map<string, RootDocuments>([
    ["/api", rootDocuments(apiVersions(core[0]), resources, core)],
    ["/apis", rootDocuments(apiGroupList(named), resources, named)],
  ]);
  const plain = new Map<string, SerializedDocument>();
  for (const group of groups) {
    if (group.group !== "") plain.set(`/apis/${group.group}`, serializeDocument(apiGroup(group)));
    for (const version of group.versions) {
      const path = group.group === "" ? `/api/${version}` : `/apis/${group.group}/${version}`;
      plain.set(path, serializeDocument(apiResourceList(resources, group.group, version)));
    }
  }

  return (request: DocumentRequest): DocumentResponse | undefined => {
    const path = request.path.length > 1 ? request.path.replace(/\/+$/, "") : request.path;
    const root = roots.get(path);
    if (root) return answerRoot(root, request);
    const document = plain.get(path);
    if (!document) return undefined;
    if (negotiate(request.accept, false) === undefined) throw notAcceptable(false);
    return documentResponse(document, JSON_TYPE, request);
  };
}

function rootDocuments(
  legacy: Record<string, unknown>,
  resources: readonly ResourceType[],
  groups: Parameters<typeof aggregatedDiscovery>[1],
): RootDocuments {
  return {
    legacy: serializeDocument(legacy),
    aggregated: {
      v2: serializeDocument(aggregatedDiscovery(resources, groups, "v2")),
      v2beta1: serializeDocument(aggregatedDiscovery(resources, groups, "v2beta1")),
    },
  };
}

function answerRoot(root: RootDocuments, request: DocumentRequest): DocumentResponse {
  const choice = negotiate(request.accept, true);
  if (choice === undefined) throw notAcceptable(true);
  const vary = { Vary: "Accept" };
  if (choice === "legacy") return documentResponse(root.legacy, JSON_TYPE, request, vary);
  return documentResponse(root.aggregated[choice], aggregatedContentType(choice), request, vary);
}

/**
 * Picks the form of a discovery document from Accept: an aggregated version when the most preferred
 * usable range asks for APIGroupDiscoveryList, the legacy JSON for plain JSON, protobuf (answered as
 * JSON, which clients accept) or wildcards. Ranges asking for another `as=` form are not usable.
 */
function negotiate(
  accept: string | undefined,
  aggregatedAllowed: boolean,
): AggregatedVersion | "legacy" | undefined {
  for (const range of parseAccept(accept)) {
    const as = range.params.as;
    if (as === undefined) {
      if (acceptsJson(range) || range.mediaType === PROTOBUF_TYPE) return "legacy";
      continue;
    }
    if (!aggregatedAllowed || as !== "APIGroupDiscoveryList" || range.params.g !== "apidiscovery.k8s.io")
      continue;
    if (range.mediaType !== JSON_TYPE) continue;
    const version = AGGREGATED_VERSIONS.find((candidate) => candidate === range.params.v);
    if (version) return version;
  }
  return undefined;
}

function notAcceptable(aggregatedAllowed: boolean): ApiError {
  const types = [JSON_TYPE, PROTOBUF_TYPE];
  if (aggregatedAllowed) types.push(...AGGREGATED_VERSIONS.map(aggregatedContentType));
  return ApiError.notAcceptable(types);
}
