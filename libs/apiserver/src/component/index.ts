export {
  type ApiServerComponent,
  type ApiServerEndpoints,
  createApiServerComponent,
} from "./api-server-component.js";
export { apiServerDefinition } from "./definition.js";
export { type BackendSettings, openBus, openStore, sqlitePath } from "./open-backends.js";
export { apiServerConfig } from "./options.js";
