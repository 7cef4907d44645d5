import { describe, expect, it } from "vitest";
import { BusError } from "./bus-error.js";
import {
  changeFilter,
  changeSubject,
  escapeToken,
  parseChangeSubject,
  unescapeToken,
} from "./change-subject.js";
import { assertPattern, assertSubject, subjectMatches } from "./subject.js";

describe("changeSubject", () => {
  it("names group, resource, namespace, name and node, with placeholders for none", () => {
    expect(
      changeSubject({ group: "", resource: "pods", namespace: "default", name: "web", nodeName: "n1" }),
    ).toBe("capstan.changes.core.pods.default.web.n1");
    expect(changeSubject({ group: "", resource: "nodes", name: "n1" })).toBe(
      "capstan.changes.core.nodes._.n1._",
    );
    expect(
      changeSubject({
        group: "coordination.k8s.io",
        resource: "leases",
        namespace: "kube-system",
        name: "a.b",
      }),
    ).toBe("capstan.changes.coordination%2Ek8s%2Eio.leases.kube-system.a%2Eb._");
  });

  it("escapes reversibly, so every subject is one valid token per field", () => {
    for (const value of ["web", "a.b.c", "_", "x*y>z", "with space", "ünïcødé", "100%", "-"]) {
      const token = escapeToken(value);
      expect(() => assertSubject(`a.${token}.b`)).not.toThrow();
      expect(unescapeToken(token)).toBe(value);
    }
    expect(escapeToken("_")).not.toBe("_");
  });

  it("parses its own subjects back", () => {
    const keys = [
      { group: "", resource: "pods", namespace: "default", name: "web.1", nodeName: "node.a" },
      { group: "apps", resource: "deployments", namespace: "prod", name: "api", nodeName: "" },
      { group: "", resource: "namespaces", namespace: "", name: "kube-system", nodeName: "" },
    ];
    for (const key of keys) expect(parseChangeSubject(changeSubject(key))).toEqual(key);
  });

  it("rejects bad keys and foreign subjects with BusError", () => {
    expect(() => changeSubject({ group: "", resource: "", name: "x" })).toThrow(BusError);
    expect(() => changeSubject({ group: "", resource: "pods", name: "" })).toThrow(BusError);
    expect(() => changeSubject({ group: 1 as unknown as string, resource: "pods", name: "x" })).toThrow(
      BusError,
    );
    expect(() => changeSubject(undefined as unknown as Parameters<typeof changeSubject>[0])).toThrow(
      BusError,
    );
    expect(() => parseChangeSubject("capstan.changes.core.pods")).toThrow(BusError);
    expect(() => parseChangeSubject("other.a.b.c.d.e")).toThrow(BusError);
    expect(() => parseChangeSubject("capstan.changes.core.pods.default.%zz._")).toThrow(BusError);
  });
});

describe("changeFilter", () => {
  const pod = (namespace: string, nodeName: string) =>
    changeSubject({ group: "", resource: "pods", namespace, name: "p", nodeName });

  it("builds one pattern that matches exactly the wanted subjects", () => {
    const byNode = changeFilter({ resource: "pods", nodeName: "n1" });
    expect(byNode).toBe("capstan.changes.*.pods.*.*.n1");
    expect(subjectMatches(byNode, pod("default", "n1"))).toBe(true);
    expect(subjectMatches(byNode, pod("default", "n2"))).toBe(false);
    expect(subjectMatches(byNode, pod("default", ""))).toBe(false);
    const unscheduled = changeFilter({ group: "", resource: "pods", nodeName: "" });
    expect(subjectMatches(unscheduled, pod("x", ""))).toBe(true);
    const inNamespace = changeFilter({ namespace: "default" });
    expect(subjectMatches(inNamespace, pod("default", "n1"))).toBe(true);
    expect(subjectMatches(inNamespace, pod("other", "n1"))).toBe(false);
    expect(changeFilter({})).toBe("capstan.changes.>");
  });

  it("rejects bad filters with BusError", () => {
    expect(() => changeFilter({ resource: "" })).toThrow(BusError);
    expect(() => changeFilter(null as unknown as object)).toThrow(BusError);
  });
});

describe("subjects and patterns", () => {
  it("matches like NATS", () => {
    expect(subjectMatches("a.*.c", "a.b.c")).toBe(true);
    expect(subjectMatches("a.*.c", "a.b.c.d")).toBe(false);
    expect(subjectMatches("a.>", "a.b.c")).toBe(true);
    expect(subjectMatches("a.>", "a")).toBe(false);
    expect(subjectMatches(">", "a")).toBe(true);
    expect(subjectMatches("a.b", "a.b")).toBe(true);
    expect(subjectMatches("a.b", "a")).toBe(false);
  });

  it.each(["", "a..b", ".a", "a.", "a b", "a.*", "a.>", 5])("refuses %j as a subject", (subject) => {
    expect(() => assertSubject(subject)).toThrow(BusError);
  });

  it.each(["a.>.b", "a.b*", "a..>", ""])("refuses %j as a pattern", (pattern) => {
    expect(() => assertPattern(pattern)).toThrow(BusError);
  });
});
