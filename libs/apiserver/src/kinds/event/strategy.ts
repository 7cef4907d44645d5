import type { Event } from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";
import type { KindDefinition } from "../shared/kind-definition.js";
import { eventColumns } from "./columns.js";

const TYPES = ["Normal", "Warning"];

/**
 * An event lives in the namespace of the object it is about; events about cluster-scoped objects (nodes)
 * live in `default`, as old clients put them there.
 */
function validateEvent(event: Event): FieldError[] {
  const errors: FieldError[] = [];
  const namespace = event.metadata?.namespace ?? "";
  const involved = event.involvedObject?.namespace ?? "";
  const matches = involved === "" ? namespace === "" || namespace === "default" : namespace === involved;
  if (!matches)
    errors.push(fieldError.invalid("involvedObject.namespace", involved, "does not match event.namespace"));
  if (event.type !== "" && !TYPES.includes(event.type))
    errors.push(fieldError.notSupported("type", event.type, TYPES));
  return errors;
}

/** Event: namespace agreement and type; kubectl's event columns; the field selectors `describe` uses. */
export const eventKind: KindDefinition<Event> = {
  validate: validateEvent,
  columns: eventColumns,
  nameColumn: false,
  selectableFields: (event) => ({
    "involvedObject.kind": event.involvedObject?.kind ?? "",
    "involvedObject.namespace": event.involvedObject?.namespace ?? "",
    "involvedObject.name": event.involvedObject?.name ?? "",
    "involvedObject.uid": event.involvedObject?.uid ?? "",
    "involvedObject.apiVersion": event.involvedObject?.apiVersion ?? "",
    "involvedObject.resourceVersion": event.involvedObject?.resourceVersion ?? "",
    "involvedObject.fieldPath": event.involvedObject?.fieldPath ?? "",
    reason: event.reason,
    reportingComponent: event.reportingComponent,
    source: event.source?.component ?? "",
    type: event.type,
  }),
};
