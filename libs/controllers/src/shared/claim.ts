import type { ObjectMeta } from "@capstan/api";
import { ApiError, type LabelSelector } from "@capstan/apimachinery";
import { controllerRefOf, newControllerRef, type OwnerIdentity } from "./controller-ref.js";

/** A child kind (Pod, ReplicaSet) as claiming needs it. */
export interface Claimable {
  metadata?: ObjectMeta | undefined;
}

export interface ClaimOptions<T extends Claimable> {
  /** The controller object: its identity and whether it is being deleted. */
  readonly owner: OwnerIdentity & { readonly deleting: boolean };
  readonly selector: LabelSelector;
  /** Every candidate child in the owner's namespace (from the cache; not modified). */
  readonly candidates: readonly T[];
  /** Writes a child with new owner references (a copy is passed); resolves to the stored object. */
  updateOwnerRefs(child: T, ownerReferences: ObjectMeta["ownerReferences"]): Promise<T>;
  /**
   * Re-reads the owner before the first adoption and throws if it is gone, replaced (another uid) or being
   * deleted: the cached owner may be stale, and adopting for a dead owner would orphan the child again.
   */
  recheckOwner(): Promise<void>;
}

/**
 * Kubernetes' ControllerRefManager.Claim: returns the children this owner controls after adopting orphans
 * that match its selector and releasing owned children that no longer match. Children controlled by
 * another owner are left alone. A child that vanished meanwhile is skipped; other write errors throw.
 */
export async function claimChildren<T extends Claimable>(options: ClaimOptions<T>): Promise<T[]> {
  const { owner, selector } = options;
  const claimed: T[] = [];
  let ownerChecked = false;
  for (const child of options.candidates) {
    const meta = child.metadata;
    const labels = meta?.labels ?? {};
    const ref = controllerRefOf(meta);
    if (ref) {
      if (ref.uid !== owner.uid) continue;
      if (selector.matches(labels)) claimed.push(child);
      else if (!owner.deleting) await ignoreNotFound(release(options, child));
      continue;
    }
    if (owner.deleting || !selector.matches(labels) || meta?.deletionTimestamp !== undefined) continue;
    if (!ownerChecked) {
      await options.recheckOwner();
      ownerChecked = true;
    }
    const adopted = await ignoreNotFound(
      options.updateOwnerRefs(child, [...(meta?.ownerReferences ?? []), newControllerRef(owner)]),
    );
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

function release<T extends Claimable>(options: ClaimOptions<T>, child: T): Promise<T> {
  const kept = (child.metadata?.ownerReferences ?? []).filter((ref) => ref.uid !== options.owner.uid);
  return options.updateOwnerRefs(child, kept);
}

async function ignoreNotFound<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (ApiError.is(error, "NotFound")) return undefined;
    throw error;
  }
}

/** Throws a Conflict ApiError when a fresh read of the owner no longer matches the cached one. */
export function assertSameOwner(
  fresh: { metadata?: ObjectMeta | undefined } | undefined,
  owner: OwnerIdentity,
): void {
  const meta = fresh?.metadata;
  if (!meta || meta.uid !== owner.uid) {
    throw ApiError.conflict(resourceOf(owner), owner.name, `the original is gone (uid ${owner.uid})`);
  }
  if (meta.deletionTimestamp !== undefined) {
    throw ApiError.conflict(resourceOf(owner), owner.name, "it is being deleted");
  }
}

function resourceOf(owner: OwnerIdentity): string {
  return `${owner.kind.toLowerCase()}s`;
}
