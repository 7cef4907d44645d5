import type { ComponentDefinition } from "@capstan/runtime";
import { createApiServerComponent } from "./api-server-component.js";
import { apiServerConfig } from "./options.js";

/** The apiserver as a deployable: `apps/apiserver` and `capstan apiserver`. */
export const apiServerDefinition: ComponentDefinition<typeof apiServerConfig> = {
  name: "apiserver",
  usage: "apiserver [flags]",
  summary: "Serves the Kubernetes REST API, the gRPC API and the change feed over one store.",
  config: apiServerConfig,
  create: (values, logger) => [createApiServerComponent(values, logger)],
};
