export { apiVersionOf, type ResourceType, type Subresource } from "./resource-type.js";
