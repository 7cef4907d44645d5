import { type DescMessage, fromBinary } from "@bufbuild/protobuf";
import { ChangeSchema, type ResourceType } from "@capstan/api";
import { ApiError, type LabelSelector, parseLabelSelector } from "@capstan/apimachinery";
import { type Bus, changeFilter, type StreamSubscription } from "@capstan/bus";
import { createGrpcSource, type ListWatchClient } from "./grpc-source.js";
import type { KubeObject } from "./object.js";
import type { InformerSource, SourceEvent, SourceList } from "./source.js";

export interface FeedSourceOptions<T extends KubeObject> {
  /** The bus carrying the change feed (the apiserver's publisher writes it). */
  readonly bus: Bus;
  /** Which resource; its schema decodes the objects on the feed. */
  readonly type: ResourceType;
  /** For the initial list (gRPC List: a typed client from createGrpcClient fits). */
  readonly client: Pick<ListWatchClient<T>, "list">;
  /** One namespace; all when empty or absent. */
  readonly namespace?: string;
  /** Only pods bound to this node (the feed's per-node subjects; the list uses `spec.nodeName=`). */
  readonly nodeName?: string;
  /** Applied by the list on the server and to feed messages here. */
  readonly labelSelector?: string;
}

const FEED_TYPES = new Set(["ADDED", "MODIFIED", "DELETED"]);

/**
 * An informer source that lists over gRPC and then follows the NATS change feed instead of holding an
 * apiserver watch: it subscribes to the feed first (new messages only), lists at revision R, and then
 * applies the feed's changes after R. Every change after R is published after the list was read, so none
 * is missed; a gap the bus reports (messages discarded before delivery) ends the watch with Expired, so the
 * informer relists.
 */
export function createFeedSource<T extends KubeObject>(options: FeedSourceOptions<T>): InformerSource<T> {
  const { bus, type } = options;
  if (options.nodeName !== undefined && type.resource !== "pods") {
    throw new TypeError("createFeedSource: nodeName only selects pods");
  }
  const selector: LabelSelector | undefined = options.labelSelector
    ? parseLabelSelector(options.labelSelector)
    : undefined;
  const filter = changeFilter({
    group: type.group,
    resource: type.resource,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.nodeName !== undefined ? { nodeName: options.nodeName } : {}),
  });
  const lister = createGrpcSource(options.client as ListWatchClient<T>, {
    namespace: options.namespace ?? "",
    labelSelector: options.labelSelector ?? "",
    fieldSelector: options.nodeName !== undefined ? `spec.nodeName=${options.nodeName}` : "",
  });
  const schema = type.schema as DescMessage;
  const description = `feed ${type.resource}${options.namespace ? ` ${options.namespace}` : ""}${
    options.nodeName !== undefined ? ` node=${options.nodeName}` : ""
  }`;
  /** The subscription opened by the last list, waiting for the watch that follows it. */
  let pending: { subscription: StreamSubscription; revision: string } | undefined;

  return {
    description,
    async list(signal): Promise<SourceList<T>> {
      await pending?.subscription.close();
      pending = undefined;
      const subscription = await bus.consume({ from: "new", filter });
      try {
        const listed = await lister.list(signal);
        pending = { subscription, revision: listed.revision };
        return listed;
      } catch (error) {
        await subscription.close();
        throw error;
      }
    },
    async *watch(revision, signal): AsyncIterable<SourceEvent<T>> {
      const taken = pending;
      pending = undefined;
      if (!taken || taken.revision !== revision) {
        await taken?.subscription.close();
        throw ApiError.gone("the change feed can only be followed right after a list");
      }
      const after = BigInt(revision || "0");
      const close = () => void taken.subscription.close();
      signal.addEventListener("abort", close, { once: true });
      try {
        for await (const event of taken.subscription) {
          if (event.type === "gap") {
            throw ApiError.gone(`the change feed lost messages ${event.fromSeq}-${event.toSeq}; relisting`);
          }
          const change = fromBinary(ChangeSchema, event.payload);
          if (change.revision <= after) continue;
          if (!FEED_TYPES.has(change.type)) throw ApiError.internal(`unknown change type ${change.type}`);
          const object = fromBinary(schema, change.object) as unknown as T;
          yield { type: change.type as SourceEvent<T>["type"], object };
        }
      } finally {
        signal.removeEventListener("abort", close);
        await taken.subscription.close();
      }
    },
    ...(selector ? { matches: (object: T) => selector.matches(object.metadata?.labels ?? {}) } : {}),
  };
}
