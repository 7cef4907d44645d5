import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ListRequestSchema, WatchRequestSchema } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { CallOptions } from "../grpc/service-types.js";
import type { KubeObject } from "./object.js";
import type { InformerSource, SourceEvent, SourceList } from "./source.js";

/**
 * The List and Watch methods every resource service has (PodService, NodeService, ...): a typed client from
 * `createGrpcClient(PodService, transport)` fits.
 */
export interface ListWatchClient<T extends KubeObject> {
  list(
    request: MessageInitShape<typeof ListRequestSchema>,
    options?: CallOptions,
  ): Promise<{ metadata?: { resourceVersion: string; continue: string } | undefined; items: T[] }>;
  watch(
    request: MessageInitShape<typeof WatchRequestSchema>,
    options?: CallOptions,
  ): AsyncIterable<{ type: string; object?: T | undefined }>;
}

/** What to list and watch. */
export interface GrpcSourceOptions {
  /** One namespace; all when empty or absent. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Objects per list page (lists are read page by page at one revision). Default 500. */
  readonly pageSize?: number;
  /** Names the source in logs; default "grpc". */
  readonly description?: string;
}

const EVENT_TYPES = new Set(["ADDED", "MODIFIED", "DELETED", "BOOKMARK"]);
const MAX_PAGES = 100_000;

/** An informer source over a resource's gRPC List and Watch (the server filters by the selectors). */
export function createGrpcSource<T extends KubeObject>(
  client: ListWatchClient<T>,
  options: GrpcSourceOptions = {},
): InformerSource<T> {
  const selection = {
    namespace: options.namespace ?? "",
    labelSelector: options.labelSelector ?? "",
    fieldSelector: options.fieldSelector ?? "",
  };
  const pageSize = options.pageSize ?? 500;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new RangeError(`createGrpcSource: pageSize must be an integer >= 1, got ${pageSize}`);
  }
  return {
    description: options.description ?? "grpc",
    async list(signal): Promise<SourceList<T>> {
      const items: T[] = [];
      let revision = "";
      let token = "";
      for (let page = 0; page < MAX_PAGES; page++) {
        const list = await client.list(
          { ...selection, limit: BigInt(pageSize), continue: token },
          { signal },
        );
        items.push(...list.items);
        if (page === 0) revision = list.metadata?.resourceVersion ?? "";
        token = list.metadata?.continue ?? "";
        if (!token) return { items, revision };
      }
      throw ApiError.internal(`list did not finish after ${MAX_PAGES} pages`);
    },
    async *watch(revision, signal): AsyncIterable<SourceEvent<T>> {
      const request = { ...selection, resourceVersion: revision, allowBookmarks: true };
      for await (const event of client.watch(request, { signal })) {
        if (!EVENT_TYPES.has(event.type) || !event.object) {
          throw ApiError.internal(`unexpected watch event ${JSON.stringify(event.type)}`);
        }
        yield { type: event.type as SourceEvent<T>["type"], object: event.object };
      }
    },
  };
}
