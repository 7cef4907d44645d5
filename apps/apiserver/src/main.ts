import { apiServerConfig, createApiServerComponent } from "@capstan/apiserver";
import { componentMain } from "@capstan/runtime";

await componentMain({
  name: "apiserver",
  usage: "apiserver [flags]",
  summary: "Serves the Kubernetes REST API, the gRPC API and the change feed over one store.",
  config: apiServerConfig,
  create: (values, logger) => [createApiServerComponent(values, logger)],
});
