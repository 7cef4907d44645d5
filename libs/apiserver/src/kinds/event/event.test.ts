import { type Event, EventSchema } from "@capstan/api";
import { formatFieldError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { kindFixture } from "../../../test/kind-fixture.js";

const { strategy, decode } = kindFixture("v1", "Event", EventSchema);
const now = new Date("2025-06-01T12:00:00Z");

function event(body: Record<string, unknown>, namespace = "default"): Event {
  return decode({ metadata: { name: "web.1", namespace }, ...body });
}

const scheduled = {
  involvedObject: {
    kind: "Pod",
    namespace: "default",
    name: "web",
    uid: "u1",
    fieldPath: "spec.containers{web}",
  },
  reason: "Scheduled",
  message: "Successfully assigned default/web to node-1 ",
  source: { component: "default-scheduler", host: "cp" },
  firstTimestamp: "2025-06-01T11:50:00Z",
  lastTimestamp: "2025-06-01T11:59:00Z",
  count: 2,
  type: "Normal",
};

describe("events", () => {
  it("live in the namespace of their object (or default for cluster objects)", () => {
    expect(strategy.validate(event(scheduled))).toEqual([]);
    expect(
      strategy.validate(event({ ...scheduled, involvedObject: { kind: "Node", name: "node-1" } })),
    ).toEqual([]);
    expect(strategy.validate(event(scheduled, "other")).map(formatFieldError)).toEqual([
      'involvedObject.namespace: Invalid value: "default": does not match event.namespace',
    ]);
    expect(strategy.validate(event({ ...scheduled, type: "Info" })).map(formatFieldError)).toEqual([
      'type: Unsupported value: "Info": supported values: "Normal", "Warning"',
    ]);
  });

  it("print LAST SEEN TYPE REASON OBJECT MESSAGE without a leading NAME", () => {
    expect(strategy.nameColumn).toBe(false);
    const cells = Object.fromEntries(
      strategy.columns.map((column) => [column.name, column.cell(event(scheduled), now)]),
    );
    expect(cells).toEqual({
      "Last Seen": "60s",
      Type: "Normal",
      Reason: "Scheduled",
      Object: "pod/web",
      Subobject: "spec.containers{web}",
      Source: "default-scheduler, cp",
      Message: "Successfully assigned default/web to node-1",
      "First Seen": "10m",
      Count: 2,
      Name: "web.1",
    });
    expect(strategy.columns.filter((column) => column.priority === 0).map((column) => column.name)).toEqual([
      "Last Seen",
      "Type",
      "Reason",
      "Object",
      "Message",
    ]);
  });

  it("select on the fields describe asks for", () => {
    expect(strategy.selectableFields(event(scheduled))).toMatchObject({
      "involvedObject.name": "web",
      "involvedObject.namespace": "default",
      "involvedObject.uid": "u1",
      "involvedObject.kind": "Pod",
      reason: "Scheduled",
      source: "default-scheduler",
      type: "Normal",
    });
  });
});
