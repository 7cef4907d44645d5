import { type ReplicaSet, ReplicaSetSchema } from "@capstan/api";
import { formatFieldError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { kindFixture } from "../../../test/kind-fixture.js";

const { strategy, defaulted } = kindFixture("apps/v1", "ReplicaSet", ReplicaSetSchema);
const now = new Date("2025-06-01T12:00:00Z");
const template = {
  metadata: { labels: { app: "web" } },
  spec: { containers: [{ name: "web", image: "nginx" }] },
};

function replicaSet(spec: Record<string, unknown>, status: Record<string, unknown> = {}): ReplicaSet {
  return defaulted({
    metadata: { name: "web-1", namespace: "default", creationTimestamp: "2025-06-01T10:00:00Z" },
    spec,
    status,
  });
}

describe("replica sets", () => {
  it("default to one replica and validate selector, template and replicas", () => {
    const object = replicaSet({ selector: { matchLabels: { app: "web" } }, template });
    expect(object.spec?.replicas).toBe(1);
    expect(strategy.validate(object)).toEqual([]);
    const bad = replicaSet({
      replicas: -2,
      selector: { matchExpressions: [{ key: "app", operator: "In" }] },
      template,
    });
    expect(strategy.validate(bad).map(formatFieldError)).toEqual([
      "spec.replicas: Invalid value: -2: must be greater than or equal to 0",
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
  });

  it("print DESIRED CURRENT READY AGE and select on status.replicas", () => {
    const object = replicaSet(
      { replicas: 3, selector: { matchLabels: { app: "web" } }, template },
      { replicas: 3, readyReplicas: 1 },
    );
    expect(strategy.columns.map((column) => column.name)).toEqual([
      "Desired",
      "Current",
      "Ready",
      "Age",
      "Containers",
      "Images",
      "Selector",
    ]);
    expect(strategy.columns.map((column) => column.cell(object, now))).toEqual([
      3,
      3,
      1,
      "120m",
      "web",
      "nginx",
      "app=web",
    ]);
    expect(strategy.selectableFields(object)).toEqual({ "status.replicas": "3" });
  });
});
