import { describe, expect, it } from "vitest";
import { negotiateResponse } from "./negotiate.js";

describe("negotiateResponse", () => {
  it("answers kubectl get's Accept with a v1 Table", () => {
    const accept =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    expect(negotiateResponse(accept)).toEqual({ kind: "table", version: "v1" });
  });

  it.each([
    undefined,
    "",
    "application/json",
    "application/vnd.kubernetes.protobuf,application/json",
    "*/*",
    "application/json, */*",
  ])("answers %s with JSON", (accept) => {
    expect(negotiateResponse(accept)).toEqual({ kind: "object", encoding: "json" });
  });

  it("serves YAML, skips unknown Table groups, refuses what it cannot produce", () => {
    expect(negotiateResponse("application/yaml")).toEqual({ kind: "object", encoding: "yaml" });
    expect(negotiateResponse("application/json;as=Table;v=v1;g=other.io, application/json")).toEqual({
      kind: "object",
      encoding: "json",
    });
    expect(() => negotiateResponse("text/html")).toThrow(expect.objectContaining({ httpCode: 406 }));
  });
});
