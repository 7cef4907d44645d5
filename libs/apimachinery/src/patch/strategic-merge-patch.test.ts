import { describe, expect, it } from "vitest";
import { catchApiError } from "../../test/catch-api-error.js";
import type { JsonObject } from "./json-value.js";
import { kubernetesPatchMeta } from "./kubernetes-patch-meta.js";
import type { PatchMeta } from "./patch-meta.js";
import { applyStrategicMergePatch } from "./strategic-merge-patch.js";

const podMeta = kubernetesPatchMeta("Pod") ?? {};
const nodeMeta = kubernetesPatchMeta("Node") ?? {};
const serviceMeta = kubernetesPatchMeta("Service") ?? {};

const apply = (original: unknown, patch: unknown, meta: PatchMeta = podMeta) =>
  applyStrategicMergePatch(original, patch, meta);

describe("maps", () => {
  it("merges nested maps and deletes with null", () => {
    expect(
      apply({ a: { b: 1, c: 2 }, d: 3 }, { a: { c: null, e: 4 }, d: null, f: { g: null, h: 1 } }),
    ).toEqual({
      a: { b: 1, e: 4 },
      f: { h: 1 },
    });
  });

  it("replaces a map with $patch: replace and empties it with $patch: delete", () => {
    const original = { spec: { nodeSelector: { disk: "ssd", zone: "a" } } };
    expect(apply(original, { spec: { nodeSelector: { $patch: "replace", zone: "b" } } })).toEqual({
      spec: { nodeSelector: { zone: "b" } },
    });
    expect(apply(original, { spec: { nodeSelector: { $patch: "delete" } } })).toEqual({
      spec: { nodeSelector: {} },
    });
    expect(apply(original, { $patch: "replace", kind: "Pod" })).toEqual({ kind: "Pod" });
  });

  it("takes the patch value when types differ", () => {
    expect(apply({ a: [1], b: { c: 1 }, n: null }, { a: { x: 1 }, b: "s", n: { y: null, z: 1 } })).toEqual({
      a: { x: 1 },
      b: "s",
      n: { z: 1 },
    });
  });
});

describe("lists merged by key", () => {
  const pod = () => ({
    metadata: {
      ownerReferences: [{ uid: "1", kind: "ReplicaSet", name: "a" }],
      finalizers: ["a.io/x", "b.io/y"],
    },
    spec: {
      containers: [
        { name: "a", image: "one", volumeMounts: [{ mountPath: "/data", name: "d" }] },
        { name: "b", image: "two" },
      ],
      hostAliases: [{ ip: "10.0.0.1", hostnames: ["x"] }],
    },
    status: {
      conditions: [
        { type: "Ready", status: "False" },
        { type: "PodScheduled", status: "True" },
      ],
    },
  });

  it("merges items by key and puts new ones first, as Kubernetes does without $setElementOrder", () => {
    const result = apply(pod(), {
      spec: {
        containers: [
          { name: "c", image: "three" },
          { name: "a", image: "uno" },
        ],
      },
    });
    expect((result.spec as { containers: unknown }).containers).toEqual([
      { name: "c", image: "three" },
      { name: "a", image: "uno", volumeMounts: [{ mountPath: "/data", name: "d" }] },
      { name: "b", image: "two" },
    ]);
  });

  it("merges status conditions by type (what kubelets and controllers send)", () => {
    const result = apply(pod(), { status: { conditions: [{ type: "Ready", status: "True" }] } });
    expect((result.status as { conditions: unknown }).conditions).toEqual([
      { type: "Ready", status: "True" },
      { type: "PodScheduled", status: "True" },
    ]);
  });

  it("merges volume mounts by mountPath, host aliases by ip and owners by uid", () => {
    const result = apply(pod(), {
      metadata: { ownerReferences: [{ uid: "1", controller: true }] },
      spec: {
        containers: [{ name: "a", volumeMounts: [{ mountPath: "/data", readOnly: true }] }],
        hostAliases: [{ ip: "10.0.0.1", hostnames: ["y"] }],
      },
    });
    expect(result).toMatchObject({
      metadata: { ownerReferences: [{ uid: "1", kind: "ReplicaSet", name: "a", controller: true }] },
      spec: {
        containers: [
          { name: "a", volumeMounts: [{ mountPath: "/data", name: "d", readOnly: true }] },
          { name: "b" },
        ],
        hostAliases: [{ ip: "10.0.0.1", hostnames: ["y"] }],
      },
    });
  });

  it("replaces a merged list with $patch: replace", () => {
    const result = apply(pod(), {
      spec: { containers: [{ $patch: "replace" }, { name: "only", image: "x" }] },
    });
    expect((result.spec as { containers: unknown }).containers).toEqual([{ name: "only", image: "x" }]);
  });

  it("merges Service ports by port", () => {
    const service = {
      spec: {
        ports: [
          { port: 80, targetPort: 8080 },
          { port: 443, targetPort: 8443 },
        ],
      },
    };
    const result = apply(service, { spec: { ports: [{ port: 443, targetPort: 9443 }] } }, serviceMeta);
    expect(result).toEqual({
      spec: {
        ports: [
          { port: 80, targetPort: 8080 },
          { port: 443, targetPort: 9443 },
        ],
      },
    });
  });

  it("merges node addresses by type but replaces taints (atomic in Kubernetes)", () => {
    const node = {
      spec: { taints: [{ key: "a", effect: "NoSchedule" }], podCIDRs: ["10.0.0.0/24"] },
      status: { addresses: [{ type: "InternalIP", address: "10.1.1.1" }] },
    };
    const result = apply(
      node,
      {
        spec: { taints: [{ key: "b", effect: "NoExecute" }], podCIDRs: ["fd00::/64"] },
        status: { addresses: [{ type: "Hostname", address: "n1" }] },
      },
      nodeMeta,
    );
    expect(result).toEqual({
      spec: { taints: [{ key: "b", effect: "NoExecute" }], podCIDRs: ["fd00::/64", "10.0.0.0/24"] },
      status: {
        addresses: [
          { type: "Hostname", address: "n1" },
          { type: "InternalIP", address: "10.1.1.1" },
        ],
      },
    });
  });
});

describe("primitive lists with the merge strategy (finalizers)", () => {
  const object = { metadata: { finalizers: ["a.io/x", "b.io/y", "c.io/z"] } };

  it("unions without duplicates", () => {
    expect(apply(object, { metadata: { finalizers: ["b.io/y", "d.io/w"] } })).toEqual({
      metadata: { finalizers: ["a.io/x", "b.io/y", "d.io/w", "c.io/z"] },
    });
  });

  it("deletes values with $deleteFromPrimitiveList and orders with $setElementOrder", () => {
    expect(apply(object, { metadata: { "$deleteFromPrimitiveList/finalizers": ["b.io/y"] } })).toEqual({
      metadata: { finalizers: ["a.io/x", "c.io/z"] },
    });
    expect(
      apply(object, {
        metadata: {
          "$setElementOrder/finalizers": ["c.io/z", "a.io/x", "d.io/w"],
          "$deleteFromPrimitiveList/finalizers": ["b.io/y"],
          finalizers: ["d.io/w"],
        },
      }),
    ).toEqual({ metadata: { finalizers: ["c.io/z", "a.io/x", "d.io/w"] } });
    expect(apply({}, { metadata: { "$deleteFromPrimitiveList/finalizers": ["x"] } })).toEqual({
      metadata: {},
    });
  });
});

describe("inputs", () => {
  it("never modifies the original or the patch", () => {
    const original = { spec: { containers: [{ name: "a", env: [{ name: "X", value: "1" }] }] } };
    const patch = {
      spec: {
        "$setElementOrder/containers": [{ name: "a" }],
        containers: [{ name: "a", env: [{ name: "X", value: "2" }] }],
      },
    };
    const originalCopy = structuredClone(original);
    const patchCopy = structuredClone(patch);
    const result = apply(original, patch) as JsonObject;
    expect(original).toEqual(originalCopy);
    expect(patch).toEqual(patchCopy);
    expect(result).toEqual({ spec: { containers: [{ name: "a", env: [{ name: "X", value: "2" }] }] } });
  });

  it("treats an absent original as an empty object and strips directives from new values", () => {
    expect(
      apply(undefined, {
        metadata: { labels: { a: "b", gone: null } },
        spec: {
          containers: [
            {
              name: "a",
              env: [
                { $patch: "delete", name: "X" },
                { name: "Y", value: null },
              ],
            },
          ],
        },
      }),
    ).toEqual({
      metadata: { labels: { a: "b" } },
      spec: { containers: [{ name: "a", env: [{ name: "Y" }] }] },
    });
  });

  it("works without patch metadata: every list is replaced", () => {
    expect(apply({ list: [1, 2], map: { a: 1 } }, { list: [3], map: { b: 2 } }, {})).toEqual({
      list: [3],
      map: { a: 1, b: 2 },
    });
  });
});

describe("bad patches", () => {
  it.each([
    [[], "a strategic merge patch must be a JSON object"],
    ["x", "a strategic merge patch must be a JSON object"],
    [{ metadata: { $patch: "frobnicate" } }, 'unknown patch type: "frobnicate"'],
    [
      { spec: { containers: [{ $patch: "merge", name: "a" }] } },
      "merging lists cannot yet be specified in the patch",
    ],
    [{ spec: { containers: [{ $patch: "nope", name: "a" }] } }, 'unknown patch type: "nope"'],
    [
      { spec: { containers: [{ image: "x" }] } },
      'map: {"image":"x"} does not contain declared merge key: name',
    ],
    [{ spec: { containers: [{ $patch: "delete" }] } }, "does not contain declared merge key: name"],
    [{ spec: { "$setElementOrder/containers": "a" } }, "invalid patch format of setElementOrder list"],
    [{ spec: { "$setElementOrder/": [] } }, "invalid patch format of setElementOrder list"],
    [
      { spec: { "$setElementOrder/containers": [{ name: "a" }], containers: { name: "a" } } },
      "invalid patch format of setElementOrder list",
    ],
    [
      { spec: { "$setElementOrder/containers": [{ image: "a" }] } },
      "does not contain declared merge key: name",
    ],
    [
      {
        spec: {
          "$setElementOrder/containers": [{ name: "b" }, { name: "a" }],
          containers: [{ name: "a" }, { name: "b" }],
        },
      },
      'the order in patch list "containers" doesn\'t match its $setElementOrder list',
    ],
    [{ metadata: { "$deleteFromPrimitiveList/finalizers": "x" } }, "invalid patch format of primitive list"],
    [{ spec: { $retainKeys: "x" } }, "invalid patch format of retainKeys"],
    [{ spec: { a: () => 1 } }, "is not valid JSON"],
  ])("answers 400 to %j", (patch, message) => {
    const caught = catchApiError(() => apply({ spec: { containers: [{ name: "a" }] } }, patch));
    expect(caught.httpCode).toBe(400);
    expect(caught.message).toContain(message);
  });

  it.each([
    [{ spec: { $retainKeys: ["a"], b: 1 } }, "patch content doesn't match retainKeys list"],
    [{ spec: { containers: [[1]] } }, 'lists of lists are not supported (in "containers")'],
    [{ spec: { containers: [{ name: "a" }, "b"] } }, 'list element types are not identical in "containers"'],
    [{ metadata: { finalizers: [{ name: "x" }] } }, 'cannot merge lists without merge key for "finalizers"'],
    [{ spec: { "$setElementOrder/nodeName": ["a"] } }, 'expected a list in "nodeName"'],
  ])("answers 422 to %j, which does not fit the object", (patch, message) => {
    const caught = catchApiError(() =>
      apply({ spec: { nodeName: "n", containers: [{ name: "a" }] } }, patch),
    );
    expect([caught.httpCode, caught.reason]).toEqual([422, "Invalid"]);
    expect(caught.message).toContain(message);
  });

  it("refuses an original or metadata that is not an object", () => {
    expect(catchApiError(() => apply([1], {})).httpCode).toBe(400);
    expect(catchApiError(() => apply({}, {}, null as unknown as PatchMeta)).httpCode).toBe(400);
  });
});
