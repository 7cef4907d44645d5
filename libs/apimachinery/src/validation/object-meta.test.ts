import { describe, expect, it } from "vitest";
import { formatFieldError } from "../field-error.js";
import { nameValidators } from "./names.js";
import { type ObjectMetaFields, TOTAL_ANNOTATION_SIZE_LIMIT, validateObjectMeta } from "./object-meta.js";

const namespaced = { namespaced: true };
const messages = (meta: ObjectMetaFields, rules = namespaced) =>
  validateObjectMeta(meta, rules).map(formatFieldError);

describe("validateObjectMeta", () => {
  it("accepts a well-formed object", () => {
    expect(
      messages({
        name: "web",
        namespace: "default",
        labels: { app: "web", "app.kubernetes.io/part-of": "shop" },
        annotations: { "Example.com/Note": "x" },
        ownerReferences: [
          { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", uid: "u1", controller: true },
        ],
        finalizers: ["kubernetes", "example.com/cleanup"],
        generation: 3n,
      }),
    ).toEqual([]);
  });

  it("requires a name and a namespace for namespaced kinds", () => {
    expect(messages({})).toEqual([
      "metadata.name: Required value: name or generateName is required",
      "metadata.namespace: Required value",
    ]);
  });

  it("forbids a namespace on cluster-scoped kinds", () => {
    expect(messages({ name: "n1", namespace: "x" }, { namespaced: false })).toEqual([
      "metadata.namespace: Forbidden: not allowed on this type",
    ]);
  });

  it("uses the kind's name rule and validates generateName as a prefix", () => {
    const rules = { namespaced: true, validateName: nameValidators.dns1035Label };
    expect(messages({ name: "1svc", namespace: "default" }, rules)[0]).toMatch(
      /^metadata.name: Invalid value: "1svc": a DNS-1035 label/,
    );
    expect(messages({ name: "web-abcde", generateName: "web-", namespace: "default" })).toEqual([]);
    expect(messages({ name: "x", generateName: "Web-", namespace: "default" })[0]).toMatch(
      /^metadata.generateName: Invalid value: "Web-"/,
    );
  });

  it("checks labels, annotations, owners, finalizers and generation", () => {
    const found = messages({
      name: "x",
      namespace: "Bad_NS",
      generation: -1,
      labels: { "bad key": "ok", good: "bad value" },
      annotations: { "a/b/c": "x" },
      ownerReferences: [
        { apiVersion: "v1", kind: "Node", name: "n", uid: "1", controller: true },
        { apiVersion: "apps/", kind: "", name: "m", uid: "", controller: true },
      ],
      finalizers: ["custom", "orphan", "foregroundDeletion"],
    });
    expect(found).toEqual([
      expect.stringMatching(/^metadata.namespace: Invalid value: "Bad_NS"/),
      "metadata.generation: Invalid value: -1: must be greater than or equal to 0",
      expect.stringMatching(/^metadata.labels: Invalid value: "bad key": name part must consist/),
      expect.stringMatching(/^metadata.labels: Invalid value: "bad value": a valid label/),
      expect.stringMatching(/^metadata.annotations: Invalid value: "a\/b\/c": a qualified name/),
      'metadata.ownerReferences[1].apiVersion: Invalid value: "apps/": version must not be empty',
      'metadata.ownerReferences[1].kind: Invalid value: "": must not be empty',
      'metadata.ownerReferences[1].uid: Invalid value: "": must not be empty',
      expect.stringMatching(
        /Only one reference can have Controller set to true. Found "true" in references for Node\/n and \/m$/,
      ),
      'metadata.finalizers[0]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
      expect.stringMatching(/finalizer orphan and foregroundDeletion cannot be both set$/),
    ]);
  });

  it("limits the total annotation size to 256 KiB", () => {
    const big = "x".repeat(TOTAL_ANNOTATION_SIZE_LIMIT);
    expect(messages({ name: "x", namespace: "d", annotations: { a: big } })).toEqual([
      "metadata.annotations: Too long: may not be more than 262144 bytes",
    ]);
    expect(messages({ name: "x", namespace: "d", annotations: { a: big.slice(1) } })).toEqual([]);
  });

  it("reports missing metadata instead of throwing", () => {
    expect(validateObjectMeta(null as unknown as ObjectMetaFields, namespaced).map(formatFieldError)).toEqual(
      ["metadata: Required value"],
    );
  });
});
