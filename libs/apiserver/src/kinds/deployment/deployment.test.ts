import { type Deployment, DeploymentSchema, encodeObject, type JsonObject } from "@capstan/api";
import { formatFieldError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { kindFixture } from "../../../test/kind-fixture.js";

const { strategy, defaulted } = kindFixture("apps/v1", "Deployment", DeploymentSchema);
const now = new Date("2025-06-01T12:00:00Z");

const template = {
  metadata: { labels: { app: "web" } },
  spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
};

function deployment(spec: Record<string, unknown>, status: Record<string, unknown> = {}): Deployment {
  return defaulted({
    metadata: { name: "web", namespace: "default", creationTimestamp: "2025-06-01T11:59:15Z" },
    spec,
    status,
  });
}

function errors(object: Deployment): string[] {
  return strategy.validate(object).map(formatFieldError);
}

describe("deployment defaults", () => {
  it("fills replicas, strategy 25%/25%, history, deadline and the template's pod defaults", () => {
    const spec = encodeObject(
      DeploymentSchema,
      deployment({ selector: { matchLabels: { app: "web" } }, template }),
    ).spec as JsonObject;
    expect(spec).toMatchObject({
      replicas: 1,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        spec: { restartPolicy: "Always", dnsPolicy: "ClusterFirst", schedulerName: "default-scheduler" },
      },
    });
    const podSpec = (spec.template as JsonObject).spec as JsonObject;
    // Admission defaults are for pods only: templates get no service account or tolerations.
    expect(podSpec).not.toHaveProperty("serviceAccountName");
    expect(podSpec).not.toHaveProperty("tolerations");
  });

  it("leaves Recreate without rolling update bounds", () => {
    const spec = encodeObject(DeploymentSchema, deployment({ strategy: { type: "Recreate" }, template }))
      .spec as JsonObject;
    expect(spec.strategy).toEqual({ type: "Recreate" });
  });
});

describe("deployment validation", () => {
  it("accepts a matching selector", () => {
    expect(errors(deployment({ selector: { matchLabels: { app: "web" } }, template }))).toEqual([]);
  });

  it("wants a selector that matches the template labels", () => {
    expect(errors(deployment({ template }))).toEqual(["spec.selector: Required value"]);
    expect(errors(deployment({ selector: {}, template }))).toEqual([
      "spec.selector: Invalid value: {}: empty selector is invalid for deployment",
    ]);
    expect(errors(deployment({ selector: { matchLabels: { app: "db" } }, template }))).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it("checks replicas, restart policy and rolling update bounds", () => {
    const spec = {
      replicas: -1,
      selector: { matchLabels: { app: "web" } },
      template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } },
      strategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: "0%" } },
    };
    expect(errors(deployment(spec))).toEqual([
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0",
    ]);
    const badPercent = {
      selector: { matchLabels: { app: "web" } },
      template,
      strategy: { rollingUpdate: { maxUnavailable: "150%", maxSurge: "x" } },
    };
    expect(errors(deployment(badPercent))).toEqual([
      expect.stringMatching(
        /^spec\.strategy\.rollingUpdate\.maxSurge: Invalid value: "x": a valid percent string must be/,
      ),
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
    ]);
  });

  it("keeps the selector for life", () => {
    const before = deployment({ selector: { matchLabels: { app: "web" } }, template });
    const after = deployment({
      selector: { matchLabels: { app: "web", tier: "x" } },
      template: { ...template, metadata: { labels: { app: "web", tier: "x" } } },
    });
    expect(strategy.validateUpdate(after, before).map(formatFieldError)).toEqual([
      'spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable',
    ]);
  });
});

describe("deployment columns", () => {
  it("print READY UP-TO-DATE AVAILABLE AGE CONTAINERS IMAGES SELECTOR", () => {
    const object = deployment(
      { replicas: 3, selector: { matchLabels: { app: "web" } }, template },
      { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    );
    expect(strategy.columns.map((column) => [column.name, column.priority])).toEqual([
      ["Ready", 0],
      ["Up-to-date", 0],
      ["Available", 0],
      ["Age", 0],
      ["Containers", 1],
      ["Images", 1],
      ["Selector", 1],
    ]);
    expect(strategy.columns.map((column) => column.cell(object, now))).toEqual([
      "2/3",
      3,
      2,
      "45s",
      "web",
      "nginx:1.27",
      "app=web",
    ]);
  });
});
