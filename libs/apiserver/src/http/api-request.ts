import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "@capstan/runtime";
import type { ResourceRegistry } from "../registry/resource-registry.js";
import type { ResponseFormat } from "./negotiate.js";
import type { QueryOptions } from "./query-options.js";
import type { ResourcePath } from "./request-path.js";

/** One REST request for a resource, as the verb handlers see it. */
export interface ApiRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly path: ResourcePath;
  /** Namespace of the path ("" for cluster-scoped resources and all-namespace lists). */
  readonly namespace: string;
  readonly query: QueryOptions;
  /** The response format negotiated from Accept (before anything else, so 406 comes first). */
  readonly format: ResponseFormat;
  readonly registry: ResourceRegistry;
  readonly logger: Logger;
  /** Aborts when the client goes away (ends watches). */
  readonly signal: AbortSignal;
  /** Warnings returned in `Warning` headers. */
  readonly warnings: string[];
  readonly now: () => Date;
}
