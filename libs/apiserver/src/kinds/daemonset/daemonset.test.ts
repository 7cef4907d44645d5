import { type DaemonSet, DaemonSetSchema, encodeObject } from "@capstan/api";
import { formatFieldError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { kindFixture } from "../../../test/kind-fixture.js";

const { strategy, defaulted } = kindFixture("apps/v1", "DaemonSet", DaemonSetSchema);
const now = new Date("2025-06-01T12:00:00Z");
const template = {
  metadata: { labels: { app: "agent" } },
  spec: { nodeSelector: { "kubernetes.io/os": "linux" }, containers: [{ name: "agent", image: "agent:1" }] },
};

function daemonSet(spec: Record<string, unknown>, status: Record<string, unknown> = {}): DaemonSet {
  return defaulted({
    metadata: { name: "agent", namespace: "kube-system", creationTimestamp: "2025-05-29T08:00:00Z" },
    spec,
    status,
  });
}

describe("daemon sets", () => {
  it("default to a rolling update of one node at a time", () => {
    const spec = encodeObject(
      DaemonSetSchema,
      daemonSet({ selector: { matchLabels: { app: "agent" } }, template }),
    ).spec;
    expect(spec).toMatchObject({
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    });
  });

  it("validate the update strategy", () => {
    const object = daemonSet({
      selector: { matchLabels: { app: "agent" } },
      template,
      updateStrategy: { type: "Sometimes" },
    });
    expect(strategy.validate(object).map(formatFieldError)).toEqual([
      'spec.updateStrategy.type: Unsupported value: "Sometimes": supported values: "OnDelete", "RollingUpdate"',
    ]);
  });

  it("print DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE", () => {
    const object = daemonSet(
      { selector: { matchLabels: { app: "agent" } }, template },
      {
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 2,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
      },
    );
    expect(strategy.columns.filter((column) => column.priority === 0).map((column) => column.name)).toEqual([
      "Desired",
      "Current",
      "Ready",
      "Up-to-date",
      "Available",
      "Node Selector",
      "Age",
    ]);
    expect(strategy.columns.map((column) => column.cell(object, now)).slice(0, 7)).toEqual([
      3,
      3,
      2,
      3,
      2,
      "kubernetes.io/os=linux",
      "3d4h",
    ]);
  });
});
