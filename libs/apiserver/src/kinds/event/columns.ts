import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { Event } from "@capstan/api";
import type { TableColumn } from "../../registry/strategy.js";
import { formatAge } from "../../table/age.js";

function isSet(timestamp: Timestamp | undefined): timestamp is Timestamp {
  return timestamp !== undefined && (timestamp.seconds !== 0n || timestamp.nanos !== 0);
}

/** When the event was first seen: firstTimestamp, or eventTime for events of the newer API. */
function firstSeen(event: Event, now: Date): string {
  return formatAge(isSet(event.firstTimestamp) ? event.firstTimestamp : event.eventTime, now);
}

/** When the event was last seen: the series' last observation, lastTimestamp, or the first sighting. */
function lastSeen(event: Event, now: Date): string {
  if (event.series) return formatAge(event.series.lastObservedTime, now);
  return isSet(event.lastTimestamp) ? formatAge(event.lastTimestamp, now) : firstSeen(event, now);
}

/** `kind/name` of the object the event is about (kind lower-cased), or the kind alone. */
function target(event: Event): string {
  const kind = (event.involvedObject?.kind ?? "").toLowerCase();
  const name = event.involvedObject?.name ?? "";
  return name ? `${kind}/${name}` : kind;
}

/** `component, host` of the reporter, from the legacy source or the newer reporting fields. */
function source(event: Event): string {
  const component = event.source?.component || event.reportingComponent;
  const instance = event.source?.host || event.reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

/** How often the event happened; singleton events of the newer API carry no count. */
function count(event: Event): number {
  if (event.series) return event.series.count;
  return event.count === 0 ? 1 : event.count;
}

/**
 * Event columns as kubectl shows them: LAST SEEN TYPE REASON OBJECT MESSAGE, and with `-o wide` also
 * SUBOBJECT SOURCE FIRST SEEN COUNT NAME (Events have no leading NAME column).
 */
export const eventColumns: readonly TableColumn<Event>[] = [
  {
    name: "Last Seen",
    type: "string",
    description: "When the event was last seen.",
    priority: 0,
    cell: (e, now) => lastSeen(e, now),
  },
  { name: "Type", type: "string", description: "Normal or Warning.", priority: 0, cell: (e) => e.type },
  {
    name: "Reason",
    type: "string",
    description: "Why the event happened, in one word.",
    priority: 0,
    cell: (e) => e.reason,
  },
  {
    name: "Object",
    type: "string",
    description: "The object the event is about.",
    priority: 0,
    cell: target,
  },
  {
    name: "Subobject",
    type: "string",
    description: "The part of the object the event is about (a container).",
    priority: 1,
    cell: (e) => e.involvedObject?.fieldPath ?? "",
  },
  { name: "Source", type: "string", description: "Who reported the event.", priority: 1, cell: source },
  {
    name: "Message",
    type: "string",
    description: "What happened.",
    priority: 0,
    cell: (e) => e.message.trim(),
  },
  {
    name: "First Seen",
    type: "string",
    description: "When the event was first seen.",
    priority: 1,
    cell: (e, now) => firstSeen(e, now),
  },
  { name: "Count", type: "string", description: "How often the event happened.", priority: 1, cell: count },
  {
    name: "Name",
    type: "string",
    description: "The name of the event.",
    priority: 1,
    cell: (e) => e.metadata?.name ?? "",
  },
];
