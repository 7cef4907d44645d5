export { type GroupVersionDocument, groupVersionDocuments } from "./documents.js";
export { createOpenApiHandler, type OpenApiOptions } from "./handler.js";
