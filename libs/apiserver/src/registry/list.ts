import type { Message } from "@bufbuild/protobuf";
import { ApiError } from "@capstan/apimachinery";
import type { KeyValue } from "@capstan/store";
import { StoreError } from "@capstan/store";
import type { ResourceContext } from "./context.js";
import { decodeContinue, encodeContinue } from "./continue-token.js";
import { revisionOf } from "./object-meta.js";
import type { ListOptions } from "./options.js";
import { compileSelection } from "./selection.js";
import { storeErrorToApiError } from "./store-errors.js";

/** One page of a list. */
export interface ListPage<T> {
  readonly items: T[];
  /** The revision the page was read at (the same for every page of one list). */
  readonly resourceVersion: string;
  /** Present when more items remain; pass it back as `continue`. */
  readonly continue?: string;
}

/** Store reads per list call are bounded; a selective filter over a huge range stops here and continues. */
const MAX_STORE_PAGES = 1_000;

/**
 * Lists objects of one namespace (or all, with namespace ""), filtered by label and field selectors, with
 * `limit`/`continue` pagination over a consistent snapshot and Kubernetes' resourceVersion rules.
 */
export async function listObjects<T extends Message>(
  ctx: ResourceContext<T>,
  namespace: string,
  options: ListOptions,
): Promise<ListPage<T>> {
  const selection = compileSelection(ctx.strategy, options.labelSelector, options.fieldSelector);
  const limit = options.limit ?? 0;
  const prefix = ctx.storage.prefix(namespace);
  const start = await startingPoint(ctx, prefix, options);
  const items: T[] = [];
  let startAfter = start.startAfter;
  let revision = start.revision;
  for (let page = 0; page < MAX_STORE_PAGES; page++) {
    const want = limit > 0 ? limit - items.length : 0;
    const result = await readPage(ctx, { prefix, revision, limit: want, startAfter }, start.fromContinue);
    revision = result.revision;
    for (const [index, kv] of result.items.entries()) {
      const object = ctx.storage.decode(kv);
      if (!selection.matches(object)) continue;
      items.push(object);
      if (limit > 0 && items.length >= limit) {
        const more = result.more || index < result.items.length - 1;
        return toPage(items, revision, more ? { revision, lastKey: kv.key } : undefined, ctx);
      }
    }
    const last: KeyValue | undefined = result.items[result.items.length - 1];
    if (!result.more || !last) return toPage(items, revision, undefined, ctx);
    startAfter = last.key;
  }
  return toPage(items, revision, startAfter ? { revision, lastKey: startAfter } : undefined, ctx);
}

function toPage<T extends Message>(
  items: T[],
  revision: number,
  next: { revision: number; lastKey: string } | undefined,
  ctx: ResourceContext<T>,
): ListPage<T> {
  const resourceVersion = String(revision);
  return next
    ? { items, resourceVersion, continue: encodeContinue(next, ctx.storage.root) }
    : { items, resourceVersion };
}

interface StartingPoint {
  /** 0: the latest revision. */
  readonly revision: number;
  readonly startAfter?: string;
  readonly fromContinue: boolean;
}

async function startingPoint<T extends Message>(
  ctx: ResourceContext<T>,
  prefix: string,
  options: ListOptions,
): Promise<StartingPoint> {
  const resourceVersion = options.resourceVersion ?? "";
  if (options.continue) {
    if (resourceVersion !== "" && resourceVersion !== "0") {
      throw ApiError.badRequest("specifying resource version is not allowed when using continue");
    }
    const position = decodeContinue(options.continue, ctx.storage.root);
    if (!position.lastKey.startsWith(prefix))
      throw ApiError.badRequest("continue key is not valid: it belongs to another list");
    return { revision: position.revision, startAfter: position.lastKey, fromContinue: true };
  }
  const match = options.resourceVersionMatch;
  if (resourceVersion === "") {
    if (match)
      throw ApiError.badRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
    return { revision: 0, fromContinue: false };
  }
  const revision = revisionOf(resourceVersion);
  if (revision === undefined)
    throw ApiError.badRequest(`invalid resource version: ${JSON.stringify(resourceVersion)}`);
  if (match === "Exact") {
    if (revision === 0)
      throw ApiError.badRequest('resourceVersionMatch "Exact" is forbidden for resourceVersion "0"');
    return { revision, fromContinue: false };
  }
  if (revision > 0) {
    // NotOlderThan: the latest state satisfies it, as long as the revision is not from the future.
    const current = await ctx.storage.store.currentRevision();
    if (revision > current)
      throw ApiError.timeout(`Too large resource version: ${revision}, current: ${current}`, 1);
  }
  return { revision: 0, fromContinue: false };
}

async function readPage<T extends Message>(
  ctx: ResourceContext<T>,
  options: { prefix: string; revision: number; limit: number; startAfter?: string },
  fromContinue: boolean,
) {
  try {
    return await ctx.storage.store.list({
      prefix: options.prefix,
      revision: options.revision,
      limit: options.limit,
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    });
  } catch (error) {
    if (StoreError.is(error, "compacted")) {
      throw ApiError.gone(
        fromContinue
          ? "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter."
          : `The resourceVersion for the provided list is too old: ${options.revision}`,
      );
    }
    throw storeErrorToApiError(error, ctx.storage.qualifiedResource, "");
  }
}
