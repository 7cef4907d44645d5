import { describe, expect, it } from "vitest";
import { ConfigMapSchema } from "../gen/capstan/core/v1/config_map_pb.js";
import { PodSchema } from "../gen/capstan/core/v1/pod_pb.js";
import { DecodeError } from "./codec-error.js";
import { decodeObject } from "./decode.js";

function decodeError(run: () => unknown): DecodeError {
  try {
    run();
  } catch (err) {
    if (err instanceof DecodeError) return err;
    throw err;
  }
  throw new Error("expected a DecodeError");
}

const podWithUnknowns = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", bogus: 1 },
  spec: { foo: true, containers: [{ name: "c", image: "nginx", bar: "x" }] },
};

describe("decodeObject unknown fields", () => {
  it("strict: refuses them all in one error naming each path", () => {
    const err = decodeError(() => decodeObject(PodSchema, podWithUnknowns, { unknownFields: "strict" }));
    expect(err.reason).toBe("unknownField");
    expect(err.unknownFields).toEqual(["metadata.bogus", "spec.foo", "spec.containers[0].bar"]);
    expect(err.path).toBe("metadata.bogus");
    expect(err.message).toBe(
      'strict decoding error: unknown field "metadata.bogus", unknown field "spec.foo", unknown field "spec.containers[0].bar"',
    );
  });

  it("warn: decodes the rest and returns the paths", () => {
    const { message, unknownFields } = decodeObject(PodSchema, podWithUnknowns, { unknownFields: "warn" });
    expect(unknownFields).toEqual(["metadata.bogus", "spec.foo", "spec.containers[0].bar"]);
    expect(message.spec?.containers[0]?.image).toBe("nginx");
  });

  it("ignore: decodes the rest and reports nothing", () => {
    const { message, unknownFields } = decodeObject(PodSchema, podWithUnknowns, { unknownFields: "ignore" });
    expect(unknownFields).toEqual([]);
    expect(message.metadata?.name).toBe("p");
  });

  it("accepts only Kubernetes names, not proto snake_case names", () => {
    const json = { spec: { node_name: "n1", nodeName: "n2" } };
    const { message, unknownFields } = decodeObject(PodSchema, json, { unknownFields: "warn" });
    expect(unknownFields).toEqual(["spec.node_name"]);
    expect(message.spec?.nodeName).toBe("n2");
    const ip = decodeObject(PodSchema, { status: { hostIp: "1.2.3.4" } }, { unknownFields: "warn" });
    expect(ip.unknownFields).toEqual(["status.hostIp"]);
  });
});

describe("decodeObject values", () => {
  const decode = (json: unknown) => decodeObject(PodSchema, json, { unknownFields: "strict" }).message;

  it("treats null anywhere as absent, including creationTimestamp: null", () => {
    const pod = decode({ metadata: { name: "p", creationTimestamp: null, labels: null }, spec: null });
    expect(pod.metadata?.creationTimestamp).toBeUndefined();
    expect(pod.metadata?.labels).toEqual({});
    expect(pod.spec).toBeUndefined();
  });

  it("reads quantities given as numbers as their decimal string", () => {
    const pod = decode({
      spec: { containers: [{ name: "c", resources: { limits: { cpu: 1, memory: "128Mi" } } }] },
    });
    expect(pod.spec?.containers[0]?.resources?.limits).toEqual({ cpu: "1", memory: "128Mi" });
  });

  it("gives wrong types a DecodeError with the path", () => {
    const cases: [unknown, string, string][] = [
      [{ spec: { priority: "three" } }, "spec.priority", 'spec.priority: expected int32, got string "three"'],
      [{ spec: { priority: 1.5 } }, "spec.priority", "spec.priority: expected int32, got number 1.5"],
      [
        { spec: { containers: [{ name: 7 }] } },
        "spec.containers[0].name",
        "spec.containers[0].name: expected string, got number 7",
      ],
      [{ spec: { containers: {} } }, "spec.containers", "spec.containers: expected array, got object"],
      [
        { metadata: { generation: "1" } },
        "metadata.generation",
        'metadata.generation: expected int64 (an integer within ±2^53), got string "1"',
      ],
      [
        { metadata: { labels: { a: 1 } } },
        "metadata.labels[a]",
        "metadata.labels[a]: expected string, got number 1",
      ],
      [{ metadata: { creationTimestamp: "2025-01-01T00:00:00" } }, "metadata.creationTimestamp", ""],
      [{ spec: { hostNetwork: "true" } }, "spec.hostNetwork", ""],
      [
        { spec: { containers: [{ ports: [{ containerPort: 2 ** 31 }] }] } },
        "spec.containers[0].ports[0].containerPort",
        "",
      ],
      [
        { spec: { containers: [{ livenessProbe: { tcpSocket: { port: true } } }] } },
        "spec.containers[0].livenessProbe.tcpSocket.port",
        "",
      ],
      [
        { spec: { containers: [{ resources: { limits: { cpu: true } } }] } },
        "spec.containers[0].resources.limits[cpu]",
        "",
      ],
      ["pod", "", 'expected object, got string "pod"'],
      [[], "", "expected object, got array"],
      [null, "", "expected object, got null"],
    ];
    for (const [json, path, message] of cases) {
      const err = decodeError(() => decode(json));
      expect(err.reason).toBe("invalidValue");
      expect(err.path).toBe(path);
      if (message !== "") expect(err.message).toBe(message);
    }
  });

  it("refuses int64 values a JSON number cannot hold exactly", () => {
    expect(() => decode({ metadata: { generation: 2 ** 60 } })).toThrow(DecodeError);
  });

  it("reads bytes as standard base64 and refuses anything else", () => {
    const cm = decodeObject(
      ConfigMapSchema,
      { binaryData: { b: "aGk=" } },
      { unknownFields: "strict" },
    ).message;
    expect(cm.binaryData.b).toEqual(new Uint8Array([104, 105]));
    const err = decodeError(() =>
      decodeObject(ConfigMapSchema, { binaryData: { b: "a!b" } }, { unknownFields: "strict" }),
    );
    expect(err.path).toBe("binaryData[b]");
  });

  it("keeps __proto__ as an ordinary map key", () => {
    const json = JSON.parse('{"data": {"__proto__": "x"}}') as unknown;
    const cm = decodeObject(ConfigMapSchema, json, { unknownFields: "strict" }).message;
    expect(Object.keys(cm.data)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(cm.data)).toBe(Object.prototype);
  });

  it("refuses an invalid unknown-field policy with a DecodeError", () => {
    expect(() => decodeObject(PodSchema, {}, { unknownFields: "loud" as "strict" })).toThrow(DecodeError);
  });
});
