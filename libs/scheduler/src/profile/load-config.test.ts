import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { loadSchedulerProfile, parseSchedulerConfiguration } from "./load-config.js";
import { DEFAULT_PLUGINS, defaultSchedulerProfile } from "./profile.js";

const header = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";

describe("parseSchedulerConfiguration", () => {
  it("gives the default profile and Kubernetes' defaults for an empty file", () => {
    const config = parseSchedulerConfiguration("");
    expect(config.profiles).toEqual([defaultSchedulerProfile()]);
    expect(config.podInitialBackoffMs).toBe(1000);
    expect(config.podMaxBackoffMs).toBe(10_000);
    expect(config.leaderElection).toMatchObject({
      leaderElect: true,
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
    });
  });

  it("merges enabled and disabled plugins into the defaults as Kubernetes does", () => {
    const config = parseSchedulerConfiguration(`${header}
percentageOfNodesToScore: 30
profiles:
  - schedulerName: spread-scheduler
    plugins:
      score:
        disabled: [{ name: NodeResourcesLeastAllocated }]
        enabled:
          - { name: NodeResourcesBalancedAllocation, weight: 5 }
      filter:
        disabled: [{ name: NodeName }]
  - schedulerName: bare
    percentageOfNodesToScore: 100
    plugins:
      multiPoint:
        disabled: [{ name: "*" }]
        enabled: [{ name: NodeResourcesFit }, { name: DefaultBinder }]
`);
    const [spread, bare] = config.profiles;
    expect(spread).toMatchObject({
      schedulerName: "spread-scheduler",
      percentageOfNodesToScore: 30,
      filters: DEFAULT_PLUGINS.filters.filter((name) => name !== "NodeName"),
    });
    expect(spread?.scores).toEqual(
      DEFAULT_PLUGINS.scores
        .filter(({ name }) => name !== "NodeResourcesLeastAllocated")
        .map((s) => (s.name === "NodeResourcesBalancedAllocation" ? { ...s, weight: 5 } : s)),
    );
    expect(bare).toMatchObject({
      percentageOfNodesToScore: 100,
      filters: ["NodeResourcesFit"],
      scores: [],
      binders: ["DefaultBinder"],
    });
  });

  it("reads JSON too", () => {
    const config = parseSchedulerConfiguration(
      JSON.stringify({ profiles: [{ schedulerName: "json", plugins: { score: { enabled: [] } } }] }),
    );
    expect(config.profiles[0]?.schedulerName).toBe("json");
  });

  it.each([
    ["kind: Pod", "kind: must be KubeSchedulerConfiguration"],
    ["percentageOfNodesToScore: 120", "percentageOfNodesToScore: must be an integer from 0 to 100, got 120"],
    ["profiles:\n  - plugins:\n      score:\n        enabled: [{ name: Nope }]", 'unknown plugin "Nope"'],
    [
      "profiles:\n  - plugins:\n      filter:\n        enabled: [{ name: NodeResourcesLeastAllocated }]",
      "profiles[0].plugins.filter.enabled[0]: plugin NodeResourcesLeastAllocated has no filter extension point",
    ],
    [
      "profiles:\n  - plugins:\n      score:\n        enabled: [{ name: NodeAffinity, weight: 0 }]",
      "weight: must be",
    ],
    ["profiles:\n  - plugins:\n      bind:\n        disabled: [{ name: '*' }]", "at least one bind plugin"],
    ["profiles:\n  - plugins:\n      preFilter: {}", "preFilter: runs for the plugins enabled at filter"],
    ["profiles:\n  - {}\n  - {}", "schedulerName default-scheduler appears twice"],
    [
      "profiles:\n  - pluginConfig:\n      - name: NodeName\n        args: { x: 1 }",
      "plugin NodeName takes no args",
    ],
    ["profilez: []", 'unknown field "profilez"'],
    ["leaderElection:\n  leaseDuration: 5s", "retryPeriod < renewDeadline < leaseDuration"],
    ["leaderElection:\n  leaseDuration: soon", "must be a duration"],
    ["{", "not valid YAML or JSON"],
  ])("rejects %j with a clear error", (text, message) => {
    let error: unknown;
    try {
      parseSchedulerConfiguration(text, "test.yaml");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toContain(message);
  });
});

describe("loadSchedulerProfile", () => {
  it("loads the named profile from a file, and says which file is missing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "capstan-scheduler-config-"));
    try {
      const path = join(dir, "config.yaml");
      await writeFile(path, `${header}profiles:\n  - schedulerName: a\n  - schedulerName: b\n`);
      expect((await loadSchedulerProfile(path, "b")).schedulerName).toBe("b");
      expect((await loadSchedulerProfile(path)).schedulerName).toBe("a");
      await expect(loadSchedulerProfile(path, "c")).rejects.toThrow(/no profile for scheduler "c"/);
      await expect(loadSchedulerProfile(join(dir, "absent.yaml"))).rejects.toThrow(
        /cannot read scheduler config/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
