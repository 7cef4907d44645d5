import { describe, expect, it } from "vitest";
import { catchApiError } from "../../test/catch-api-error.js";
import { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from "./json-patch.js";

const deployment = () => ({
  metadata: { name: "web", labels: { app: "web" } },
  spec: { replicas: 1, template: { spec: { containers: [{ name: "web", image: "nginx:1.26" }] } } },
});

describe("applyJsonPatch", () => {
  it("applies every operation", () => {
    const result = applyJsonPatch(deployment(), [
      { op: "add", path: "/metadata/labels/tier", value: "front" },
      { op: "replace", path: "/spec/replicas", value: 3 },
      { op: "add", path: "/spec/template/spec/containers/-", value: { name: "sidecar", image: "busybox" } },
      { op: "copy", from: "/spec/template/spec/containers/0/image", path: "/metadata/labels/image" },
      { op: "move", from: "/metadata/labels/app", path: "/metadata/labels/application" },
      { op: "remove", path: "/spec/template/spec/containers/0" },
      { op: "test", path: "/spec/template/spec/containers/0/name", value: "sidecar" },
      { op: "add", path: "/spec/template/spec/containers/0", value: { name: "first" } },
    ]);
    expect(result).toEqual({
      metadata: { name: "web", labels: { tier: "front", image: "nginx:1.26", application: "web" } },
      spec: {
        replicas: 3,
        template: { spec: { containers: [{ name: "first" }, { name: "sidecar", image: "busybox" }] } },
      },
    });
  });

  it("does not modify its inputs", () => {
    const original = deployment();
    const value = { nested: ["x"] };
    const patch = [{ op: "add", path: "/spec/extra", value }];
    const result = applyJsonPatch(original, patch) as { spec: { extra: { nested: string[] } } };
    result.spec.extra.nested.push("y");
    expect(original).toEqual(deployment());
    expect(value).toEqual({ nested: ["x"] });
  });

  it("handles the root, escaped keys and null values", () => {
    expect(applyJsonPatch({ a: 1 }, [{ op: "replace", path: "", value: [1] }])).toEqual([1]);
    expect(applyJsonPatch({}, [{ op: "add", path: "/a~1b", value: null }])).toEqual({ "a/b": null });
    expect(applyJsonPatch({ a: null }, [{ op: "test", path: "/a", value: null }])).toEqual({ a: null });
  });

  it("applies what kubectl rollout undo sends", () => {
    const original = {
      ...deployment(),
      metadata: { name: "web", annotations: { "deployment.kubernetes.io/revision": "2" } },
    };
    const result = applyJsonPatch(original, [
      {
        op: "replace",
        path: "/spec/template",
        value: { spec: { containers: [{ name: "web", image: "nginx:1.25" }] } },
      },
      { op: "replace", path: "/metadata/annotations", value: { "deployment.kubernetes.io/revision": "1" } },
    ]);
    expect(result).toMatchObject({
      metadata: { annotations: { "deployment.kubernetes.io/revision": "1" } },
      spec: { replicas: 1, template: { spec: { containers: [{ image: "nginx:1.25" }] } } },
    });
  });

  it("stores a __proto__ key as data", () => {
    const result = applyJsonPatch(
      {},
      JSON.parse('[{"op":"add","path":"/__proto__","value":{"polluted":true}}]'),
    );
    expect(Object.hasOwn(result as object, "__proto__")).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it.each([
    [
      [{ op: "replace", path: "/spec/missing", value: 1 }],
      '(replace at "/spec/missing") cannot be applied: the path does not exist',
    ],
    [[{ op: "remove", path: "/metadata/nope" }], "the path does not exist"],
    [[{ op: "add", path: "/nope/deeper", value: 1 }], "the path does not exist"],
    [[{ op: "add", path: "/spec/template/spec/containers/5", value: 1 }], "the path does not exist"],
    [[{ op: "remove", path: "/spec/template/spec/containers/-" }], "the path does not exist"],
    [[{ op: "add", path: "/spec/replicas/x", value: 1 }], "the path does not exist"],
    [
      [{ op: "test", path: "/spec/replicas", value: 2 }],
      'JSON patch operation 0 (test at "/spec/replicas") cannot be applied: the value at "/spec/replicas" is not the expected one',
    ],
    [[{ op: "move", from: "/spec", path: "/spec/inner" }], "cannot be moved into one of its own children"],
    [[{ op: "copy", from: "/nope", path: "/x" }], "the path does not exist"],
    [[{ op: "remove", path: "" }], "the whole document cannot be removed"],
  ])("answers 422 when %j cannot apply", (patch, message) => {
    const original = deployment();
    const error = catchApiError(() => applyJsonPatch(original, patch));
    expect([error.httpCode, error.reason]).toEqual([422, "Invalid"]);
    expect(error.message).toContain(message);
    expect(original).toEqual(deployment());
  });

  it.each([
    [{ op: "add" }, "a JSON patch must be a JSON array of operations"],
    [["add"], "JSON patch operation 0 must be an object"],
    [[{ op: "frobnicate", path: "/a" }], 'JSON patch operation 0 has an unknown "op": "frobnicate"'],
    [[{ path: "/a" }], 'JSON patch operation 0 has an unknown "op": null'],
    [[{ op: "add", value: 1 }], 'JSON patch operation 0 (add) needs a "path"'],
    [[{ op: "add", path: "/a" }], 'JSON patch operation 0 (add) needs a "value"'],
    [[{ op: "move", path: "/a" }], 'JSON patch operation 0 (move) needs a "from"'],
    [[{ op: "add", path: "a", value: 1 }], 'invalid JSON pointer "a": must start with "/"'],
    [[{ op: "add", path: "/a", value: () => 1 }], "is not valid JSON"],
  ])("answers 400 for the malformed patch %j", (patch, message) => {
    const error = catchApiError(() => applyJsonPatch({ a: 1 }, patch));
    expect(error.httpCode).toBe(400);
    expect(error.message).toContain(message);
  });

  it("refuses documents that are not JSON", () => {
    expect(catchApiError(() => applyJsonPatch({ a: undefined }, [])).httpCode).toBe(400);
    expect(catchApiError(() => applyJsonPatch(new Map(), [])).httpCode).toBe(400);
  });

  it("refuses patches with too many operations (413)", () => {
    const patch = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({
      op: "test",
      path: "",
      value: {},
    }));
    expect(catchApiError(() => applyJsonPatch({}, patch)).httpCode).toBe(413);
  });
});
