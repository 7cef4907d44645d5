import { create } from "@bufbuild/protobuf";
import { PodTemplateSpecSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { podTemplateHash } from "./pod-template-hash.js";

const template = (labels: Record<string, string>, image: string) =>
  create(PodTemplateSpecSchema, { metadata: { labels }, spec: { containers: [{ name: "app", image }] } });

describe("podTemplateHash", () => {
  it("is a short safe string, equal for equal templates whatever the label order", () => {
    const hash = podTemplateHash(template({ a: "1", b: "2" }, "nginx:1"), undefined);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(podTemplateHash(template({ b: "2", a: "1" }, "nginx:1"), undefined)).toBe(hash);
  });

  it("changes with the template and with the collision count", () => {
    const base = podTemplateHash(template({ a: "1" }, "nginx:1"), undefined);
    expect(podTemplateHash(template({ a: "1" }, "nginx:2"), undefined)).not.toBe(base);
    expect(podTemplateHash(template({ a: "1" }, "nginx:1"), 1)).not.toBe(base);
  });
});
