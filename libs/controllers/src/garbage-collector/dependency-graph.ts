/**
 * Who depends on whom, by uid: the garbage collector's view of ownerReferences across every kind it
 * watches. Items are the collector's queue keys (`<group>/<Kind>|<namespace>/<name>`). Kept up to date
 * by the informer handlers; read by reconciles.
 */
export class DependencyGraph {
  private readonly dependents = new Map<string, Set<string>>();
  private readonly ownersOfItem = new Map<string, readonly string[]>();
  private readonly itemOfUid = new Map<string, string>();
  private readonly uidOfItem = new Map<string, string>();

  /** Records the item's current uid and the uids of its owners (replacing what was known). */
  set(item: string, uid: string, ownerUids: readonly string[]): void {
    this.remove(item);
    if (uid) {
      this.itemOfUid.set(uid, item);
      this.uidOfItem.set(item, uid);
    }
    this.ownersOfItem.set(item, ownerUids);
    for (const owner of ownerUids) {
      let set = this.dependents.get(owner);
      if (!set) {
        set = new Set();
        this.dependents.set(owner, set);
      }
      set.add(item);
    }
  }

  /** Forgets the item (it is gone). */
  remove(item: string): void {
    for (const owner of this.ownersOfItem.get(item) ?? []) {
      const set = this.dependents.get(owner);
      set?.delete(item);
      if (set?.size === 0) this.dependents.delete(owner);
    }
    this.ownersOfItem.delete(item);
    const uid = this.uidOfItem.get(item);
    if (uid !== undefined && this.itemOfUid.get(uid) === item) this.itemOfUid.delete(uid);
    this.uidOfItem.delete(item);
  }

  /** The items whose ownerReferences name this uid. */
  dependentsOf(uid: string): string[] {
    return [...(this.dependents.get(uid) ?? [])];
  }

  /** The item with this uid, if known. */
  itemOf(uid: string): string | undefined {
    return this.itemOfUid.get(uid);
  }
}
