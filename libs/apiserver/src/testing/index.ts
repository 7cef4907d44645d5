export {
  startTestApiServer,
  type TestApiServer,
  type TestApiServerOptions,
} from "./test-api-server.js";
