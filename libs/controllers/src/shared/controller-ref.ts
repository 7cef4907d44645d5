import { create } from "@bufbuild/protobuf";
import { type ObjectMeta, type OwnerReference, OwnerReferenceSchema } from "@capstan/api";

/** What an owner must have to be pointed at. */
export interface OwnerIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
}

/** The owner reference with `controller: true`, if any (an object has at most one controller). */
export function controllerRefOf(meta: ObjectMeta | undefined): OwnerReference | undefined {
  return meta?.ownerReferences.find((reference) => reference.controller === true);
}

/** True when the object's controller reference points at the owner with this uid. */
export function isControlledBy(meta: ObjectMeta | undefined, ownerUid: string): boolean {
  return ownerUid !== "" && controllerRefOf(meta)?.uid === ownerUid;
}

/**
 * The reference a controller puts on what it creates or adopts: `controller: true` and
 * `blockOwnerDeletion: true`, so foreground deletion of the owner waits for it (as Kubernetes does).
 */
export function newControllerRef(owner: OwnerIdentity): OwnerReference {
  return create(OwnerReferenceSchema, {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.name,
    uid: owner.uid,
    controller: true,
    blockOwnerDeletion: true,
  });
}
