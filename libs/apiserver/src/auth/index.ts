export { type BearerAuthenticator, createBearerAuthenticator } from "./bearer-authenticator.js";
export {
  createApiListener,
  loadServingSecurity,
  type ServingSecurity,
  type ServingSecurityFiles,
} from "./secure-listener.js";
export { parseTokenFile, readTokenFile, TokenFileError, type TokenUser } from "./token-file.js";
