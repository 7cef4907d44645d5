import { asBuffer } from "../bytes.js";
import { keyNotFound, revisionConflict } from "../errors.js";
import type { LogRow, VersionRow } from "./rows.js";

const EMPTY = Buffer.alloc(0);

/** The row that creates `name` at revision `id`, after its previous row (a tombstone) if any. */
export function creationRow(
  name: string,
  id: number,
  previous: VersionRow | undefined,
  value: Uint8Array,
): LogRow {
  return {
    id,
    name,
    created: 1,
    deleted: 0,
    create_revision: id,
    prev_revision: previous?.id ?? 0,
    value: asBuffer(value),
    old_value: null,
  };
}

/** The row that replaces the value of the live version `current` at revision `id`. */
export function updateRow(current: VersionRow, id: number, value: Uint8Array): LogRow {
  return { ...successor(current, id), value: asBuffer(value) };
}

/** The tombstone that deletes the live version `current` at revision `id`. */
export function tombstoneRow(current: VersionRow, id: number): LogRow {
  return { ...successor(current, id), deleted: 1, value: EMPTY };
}

function successor(current: VersionRow, id: number): LogRow {
  return {
    id,
    name: current.name,
    created: 0,
    deleted: 0,
    create_revision: current.create_revision,
    prev_revision: current.id,
    value: EMPTY,
    old_value: current.value,
  };
}

/** The key's live version, checked against the revision the caller expects it at (if any). */
export function expectLive(
  key: string,
  latest: VersionRow | undefined,
  expectedRevision: number | undefined,
): VersionRow {
  if (!latest || latest.deleted) throw keyNotFound(key);
  if (expectedRevision !== undefined && latest.id !== expectedRevision) {
    throw revisionConflict(key, latest.id, expectedRevision);
  }
  return latest;
}
