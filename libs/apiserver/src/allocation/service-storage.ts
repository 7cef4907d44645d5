import type { Service } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { Logger } from "@capstan/runtime";
import { ObjectStorage } from "../registry/object-storage.js";
import type { ServiceAllocator } from "./service-allocator.js";

/**
 * The storage of Services: every write of a service reserves its cluster IP and node ports first (refused
 * with 422 when taken), undoes the reservations when the write fails, and releases values the service no
 * longer holds once the write is stored (a type change, a deletion). Writes that never reach the store
 * (dry runs, refused admission) reserve nothing.
 */
export class ServiceStorage extends ObjectStorage<Service> {
  constructor(
    type: ObjectStorage<Service>["type"],
    store: ObjectStorage<Service>["store"],
    readonly allocator: ServiceAllocator,
    readonly logger: Logger,
  ) {
    super(type, store);
  }

  override async create(namespace: string, name: string, object: Service): Promise<Service> {
    const plan = await this.allocator.allocate(object, undefined);
    try {
      return await super.create(namespace, name, object);
    } catch (error) {
      await this.#settle(plan.rollback(), namespace, name);
      throw error;
    }
  }

  override async update(
    namespace: string,
    name: string,
    object: Service,
    expectedRevision: number,
  ): Promise<Service> {
    const current = await this.read(namespace, name);
    if (!current) throw ApiError.notFound(this.qualifiedResource, name);
    if (current.kv.modRevision !== expectedRevision) throw ApiError.conflict(this.qualifiedResource, name);
    const plan = await this.allocator.allocate(object, current.object);
    let stored: Service;
    try {
      stored = await super.update(namespace, name, object, expectedRevision);
    } catch (error) {
      await this.#settle(plan.rollback(), namespace, name);
      throw error;
    }
    await this.#settle(plan.commit(), namespace, name);
    return stored;
  }

  override async delete(namespace: string, name: string, expectedRevision: number): Promise<Service> {
    const deleted = await super.delete(namespace, name, expectedRevision);
    await this.#settle(this.allocator.release(deleted), namespace, name);
    return deleted;
  }

  /**
   * Releasing is cleanup after the write already succeeded or failed on its own: a store error here
   * must not change the answer, so it is logged (the value stays reserved until released by hand).
   */
  async #settle(release: Promise<void>, namespace: string, name: string): Promise<void> {
    try {
      await release;
    } catch (error) {
      this.logger.warn(
        { err: error, service: `${namespace}/${name}` },
        "could not release service allocations",
      );
    }
  }
}
