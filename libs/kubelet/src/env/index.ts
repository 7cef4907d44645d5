export { type ApiLookups, cachedLookups } from "./api-lookups.js";
export { EnvError } from "./env-error.js";
export { expandVariables } from "./expand.js";
export { type EnvContext, fieldRefValue, resourceFieldValue } from "./field-ref.js";
export { createGrpcLookups } from "./grpc-lookups.js";
export { resolveEnv, secretData } from "./resolve-env.js";
export { serviceEnv } from "./service-env.js";
