import type { Message } from "@bufbuild/protobuf";
import { ApiError } from "@capstan/apimachinery";
import type { ResourceContext } from "./context.js";
import { deleteObject } from "./delete.js";
import { listObjects } from "./list.js";
import { metaOf } from "./object-meta.js";
import type { DeleteOptions, ListOptions } from "./options.js";

/** Objects deleted per list page; a collection is deleted page by page so memory stays bounded. */
const PAGE_SIZE = 500;

/**
 * Deletes every object the selectors match (DELETE on a collection), each with the same options as a
 * single delete. Objects that disappear meanwhile are skipped. Returns the objects as each delete left
 * them (removed, or marked for deletion).
 */
export async function deleteCollection<T extends Message>(
  ctx: ResourceContext<T>,
  namespace: string,
  listOptions: ListOptions,
  deleteOptions: DeleteOptions,
): Promise<T[]> {
  const results: T[] = [];
  let next: string | undefined;
  do {
    const page = await listObjects(ctx, namespace, {
      labelSelector: listOptions.labelSelector,
      fieldSelector: listOptions.fieldSelector,
      limit: PAGE_SIZE,
      ...(next ? { continue: next } : {}),
    });
    for (const object of page.items) {
      const meta = metaOf(object);
      try {
        results.push((await deleteObject(ctx, meta.namespace, meta.name, deleteOptions)).object);
      } catch (error) {
        if (!ApiError.is(error, "NotFound")) throw error;
      }
    }
    next = page.continue;
  } while (next);
  return results;
}
