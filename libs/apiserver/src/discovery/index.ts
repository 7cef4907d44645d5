export { type AggregatedVersion, aggregatedContentType, aggregatedDiscovery } from "./aggregated.js";
export { groupsOf, RESOURCE_VERBS, resourcesOf, subresourceInfo } from "./catalog.js";
export {
  type DocumentHandler,
  type DocumentRequest,
  type DocumentResponse,
  documentResponse,
  serializeDocument,
} from "./document.js";
export { createDiscoveryHandler } from "./handler.js";
export { apiGroup, apiGroupList, apiResourceList, apiVersions } from "./legacy.js";
