import { encodeObject, type Job, JobSchema, type JsonObject } from "@capstan/api";
import { formatFieldError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { kindFixture } from "../../../test/kind-fixture.js";

const { strategy, defaulted } = kindFixture("batch/v1", "Job", JobSchema);
const now = new Date("2025-06-01T12:00:00Z");
const template = {
  metadata: { labels: { app: "pi" } },
  spec: { restartPolicy: "Never", containers: [{ name: "pi", image: "perl" }] },
};

function job(
  spec: Record<string, unknown>,
  status: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): Job {
  return defaulted({
    metadata: {
      name: "pi",
      namespace: "default",
      uid: "1234",
      creationTimestamp: "2025-06-01T11:00:00Z",
      ...metadata,
    },
    spec,
    status,
  });
}

describe("job defaults", () => {
  it("fill counts, backoff, mode and a selector generated from the uid", () => {
    const json = encodeObject(JobSchema, job({ template }));
    expect(json.spec).toMatchObject({
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: "NonIndexed",
      suspend: false,
      podReplacementPolicy: "TerminatingOrFailed",
      selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "1234" } },
      template: {
        metadata: {
          labels: {
            app: "pi",
            "batch.kubernetes.io/controller-uid": "1234",
            "batch.kubernetes.io/job-name": "pi",
            "controller-uid": "1234",
            "job-name": "pi",
          },
        },
      },
    });
    expect((json.metadata as JsonObject).labels).toEqual({ app: "pi" });
  });

  it("leave completions unset for a work queue job", () => {
    expect(job({ parallelism: 3, template }).spec?.completions).toBeUndefined();
  });
});

describe("job validation", () => {
  it("accepts a defaulted job", () => {
    expect(strategy.validate(job({ template }))).toEqual([]);
  });

  it("wants restartPolicy OnFailure or Never", () => {
    const always = job({ template: { ...template, spec: { containers: template.spec.containers } } });
    expect(strategy.validate(always).map(formatFieldError)).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
  });

  it("refuses a hand-written selector without manualSelector, and an Indexed job without completions", () => {
    const object = job({
      selector: { matchLabels: { app: "pi" } },
      template,
      completionMode: "Indexed",
      parallelism: 2,
    });
    expect(strategy.validate(object).map(formatFieldError)).toEqual([
      'spec.selector: Invalid value: {"app":"pi","batch.kubernetes.io/controller-uid":"1234"}: `selector` not auto-generated',
      "spec.completions: Required value: when completion mode is Indexed",
    ]);
  });

  it("keeps the template for life", () => {
    const before = job({ template });
    const after = job({
      template: { ...template, spec: { ...template.spec, containers: [{ name: "pi", image: "perl:5" }] } },
    });
    expect(strategy.validateUpdate(after, before).map(formatFieldError)).toEqual([
      expect.stringMatching(/^spec\.template: Invalid value: \{.*"image":"perl:5".*\}: field is immutable$/),
    ]);
    expect(strategy.validateUpdate(job({ template }), before)).toEqual([]);
  });
});

describe("job columns", () => {
  it("print STATUS COMPLETIONS DURATION AGE", () => {
    const running = job({ template }, { startTime: "2025-06-01T11:59:00Z", active: 1 });
    expect(strategy.columns.slice(0, 4).map((column) => [column.name, column.cell(running, now)])).toEqual([
      ["Status", "Running"],
      ["Completions", "0/1"],
      ["Duration", "60s"],
      ["Age", "60m"],
    ]);
    const done = job(
      { template },
      {
        startTime: "2025-06-01T11:00:00Z",
        completionTime: "2025-06-01T11:00:42Z",
        succeeded: 1,
        conditions: [{ type: "Complete", status: "True" }],
      },
    );
    expect(strategy.columns.slice(0, 3).map((column) => column.cell(done, now))).toEqual([
      "Complete",
      "1/1",
      "42s",
    ]);
    const queue = job({ parallelism: 3, template });
    expect(strategy.columns.slice(0, 3).map((column) => column.cell(queue, now))).toEqual([
      "Running",
      "0/1 of 3",
      "",
    ]);
    expect(strategy.selectableFields(done)).toEqual({ "status.successful": "1" });
  });
});
