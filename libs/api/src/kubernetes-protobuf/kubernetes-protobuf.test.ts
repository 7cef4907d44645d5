import { create } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import { DecodeError, EncodeError } from "../codec/codec-error.js";
import { encodeObject } from "../codec/encode.js";
import { DeploymentSchema } from "../gen/capstan/apps/v1/deployment_pb.js";
import { PodSchema, PodSpecSchema } from "../gen/capstan/core/v1/pod_pb.js";
import { decodeKubernetesProtobuf, encodeKubernetesProtobuf } from "./kubernetes-protobuf.js";
import { kubernetesSchema } from "./schema-lookup.js";

// Kubernetes bytes are written here field by field from Kubernetes' generated.proto layout, not with
// our writer, so a mistake in the schema numbering or the reader cannot cancel out in a round trip.

const LEN = WireType.LengthDelimited;
const VARINT = WireType.Varint;

/** Writes a nested message: `build` fills it. */
function nested(writer: BinaryWriter, number: number, build: (w: BinaryWriter) => void): BinaryWriter {
  writer.tag(number, LEN).fork();
  build(writer);
  return writer.join();
}

/** The magic and a runtime.Unknown around `raw`. */
function envelope(apiVersion: string, kind: string, raw: Uint8Array, extra?: (w: BinaryWriter) => void) {
  const writer = new BinaryWriter().raw(Uint8Array.of(0x6b, 0x38, 0x73, 0));
  nested(writer, 1, (w) => w.tag(1, LEN).string(apiVersion).tag(2, LEN).string(kind));
  writer.tag(2, LEN).bytes(raw);
  extra?.(writer);
  return writer.finish();
}

/** A Pod as Kubernetes writes it: inlined structs nested, quantities and int-or-strings as messages. */
function kubernetesPod(): Uint8Array {
  const pod = new BinaryWriter();
  nested(pod, 1, (meta) => {
    meta.tag(1, LEN).string("web").tag(3, LEN).string("default");
    nested(meta, 8, (time) => time.tag(1, VARINT).int64(1_700_000_000n));
    nested(meta, 9, () => {}); // deletionTimestamp: Go's zero time, written empty
  });
  nested(pod, 2, (spec) => {
    nested(spec, 1, (volume) => {
      volume.tag(1, LEN).string("cache");
      nested(volume, 2, (source) =>
        nested(source, 2, (emptyDir) => nested(emptyDir, 2, (q) => q.tag(1, LEN).string("1Gi"))),
      );
    });
    nested(spec, 2, (container) => {
      container.tag(1, LEN).string("app").tag(2, LEN).string("nginx");
      nested(container, 7, (env) => {
        env.tag(1, LEN).string("TOKEN");
        nested(env, 3, (from) =>
          nested(from, 4, (ref) => {
            nested(ref, 1, (local) => local.tag(1, LEN).string("creds"));
            ref.tag(2, LEN).string("token");
          }),
        );
      });
      nested(container, 8, (resources) =>
        nested(resources, 1, (entry) => {
          entry.tag(1, LEN).string("cpu");
          nested(entry, 2, (q) => q.tag(1, LEN).string("500m"));
        }),
      );
      nested(container, 10, (probe) => {
        nested(probe, 1, (handler) =>
          nested(handler, 2, (get) => {
            get.tag(1, LEN).string("/healthz");
            nested(get, 2, (port) =>
              port.tag(1, VARINT).int64(1).tag(2, VARINT).int32(0).tag(3, LEN).string("http"),
            );
          }),
        );
        probe.tag(2, VARINT).int32(5);
      });
    });
    spec.tag(4, VARINT).int64(30n);
  });
  return envelope("v1", "Pod", pod.finish());
}

describe("decodeKubernetesProtobuf", () => {
  it("reads Kubernetes' layout: inlined structs, quantities, int-or-strings, times", () => {
    const { apiVersion, kind, message, unknownFields } = decodeKubernetesProtobuf(PodSchema, kubernetesPod());
    expect([apiVersion, kind, unknownFields]).toEqual(["v1", "Pod", []]);
    expect(encodeObject(PodSchema, message)).toStrictEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web", namespace: "default", creationTimestamp: "2023-11-14T22:13:20Z" },
      spec: {
        volumes: [{ name: "cache", emptyDir: { sizeLimit: "1Gi" } }],
        containers: [
          {
            name: "app",
            image: "nginx",
            env: [{ name: "TOKEN", valueFrom: { secretKeyRef: { name: "creds", key: "token" } } }],
            resources: { limits: { cpu: "500m" } },
            livenessProbe: { httpGet: { path: "/healthz", port: "http" }, initialDelaySeconds: 5 },
          },
        ],
        terminationGracePeriodSeconds: 30,
      },
    });
  });

  it("finds the schema from the envelope with a lookup", () => {
    const { message } = decodeKubernetesProtobuf(kubernetesSchema, kubernetesPod());
    expect(message.$typeName).toBe("capstan.core.v1.Pod");
  });

  it("reports unknown fields that hold a value, by number, and drops zero ones silently", () => {
    const raw = new BinaryWriter();
    nested(raw, 1, (meta) => meta.tag(1, LEN).string("web").tag(99, LEN).string(""));
    nested(raw, 2, (spec) => spec.tag(40, VARINT).int32(0).tag(41, LEN).string("x"));
    nested(raw, 2, (spec) => nested(spec, 34, (ephemeral) => ephemeral.tag(1, LEN).string("")));
    const { unknownFields } = decodeKubernetesProtobuf(PodSchema, envelope("v1", "Pod", raw.finish()));
    expect(unknownFields).toEqual(["spec.#41"]);
  });

  it("round-trips with encodeKubernetesProtobuf", () => {
    const { message } = decodeKubernetesProtobuf(PodSchema, kubernetesPod());
    const again = decodeKubernetesProtobuf(PodSchema, encodeKubernetesProtobuf(PodSchema, message));
    expect(again.message).toStrictEqual(message);
  });

  const garbage: [string, Uint8Array, string][] = [
    ["no magic", Uint8Array.of(0x7b, 0x7d), 'not Kubernetes protobuf: the data does not start with "k8s\\0"'],
    ["a cut envelope", kubernetesPod().subarray(0, 30), "malformed protobuf: premature EOF"],
    ["an unknown kind", envelope("v1", "Gadget", new Uint8Array(0)), 'no schema for kind "Gadget" of "v1"'],
    ["no kind", envelope("v1", "", new Uint8Array(0)), "the envelope names no kind"],
    [
      "gzip content",
      envelope("v1", "Pod", new Uint8Array(0), (w) => w.tag(3, LEN).string("gzip")),
      'unsupported content encoding "gzip"',
    ],
    [
      "a wrong wire type",
      envelope("v1", "Pod", new BinaryWriter().tag(1, VARINT).int32(3).finish()),
      "metadata: expected wire type LengthDelimited, got Varint",
    ],
    [
      "an IntOrString of type 2",
      envelope(
        "apps/v1",
        "Deployment",
        nested(new BinaryWriter(), 2, (spec) =>
          nested(spec, 4, (strategy) =>
            nested(strategy, 2, (rolling) => nested(rolling, 2, (surge) => surge.tag(1, VARINT).int64(2))),
          ),
        ).finish(),
      ),
      "spec.strategy.rollingUpdate.maxSurge: IntOrString type 2 is neither 0 (int) nor 1 (string)",
    ],
    [
      "a time beyond year 9999",
      envelope(
        "v1",
        "Pod",
        nested(new BinaryWriter(), 1, (m) => nested(m, 8, (t) => t.tag(1, VARINT).int64(1n << 40n))).finish(),
      ),
      "metadata.creationTimestamp: time 1099511627776s 0ns is outside years 0001-9999",
    ],
    [
      "managed fields that are not JSON",
      envelope(
        "v1",
        "Pod",
        nested(new BinaryWriter(), 1, (m) =>
          nested(m, 17, (e) => nested(e, 7, (f) => f.tag(1, LEN).string("{nope"))),
        ).finish(),
      ),
      "metadata.managedFields[0].fieldsV1: FieldsV1 is not JSON",
    ],
    [
      "invalid UTF-8",
      envelope(
        "v1",
        "Pod",
        nested(new BinaryWriter(), 1, (m) => m.tag(1, LEN).bytes(Uint8Array.of(0xff))).finish(),
      ),
      "metadata: malformed protobuf",
    ],
  ];

  it.each(garbage)("refuses %s with a one-line DecodeError", (_, bytes, message) => {
    const decode = () => decodeKubernetesProtobuf(kubernetesSchema, bytes);
    expect(decode).toThrow(DecodeError);
    expect(decode).toThrow(message);
    try {
      decode();
    } catch (error) {
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("refuses an envelope of another kind than the schema, and input that is not bytes", () => {
    expect(() => decodeKubernetesProtobuf(DeploymentSchema, kubernetesPod())).toThrow(
      'expected kind Deployment, got "Pod"',
    );
    expect(() => decodeKubernetesProtobuf(PodSchema, "k8s" as unknown as Uint8Array)).toThrow(
      'expected bytes, got string "k8s"',
    );
  });
});

describe("encodeKubernetesProtobuf", () => {
  it("refuses a message of another type, a fragment, and an object without its kind", () => {
    const pod = create(PodSchema, { apiVersion: "v1", kind: "Pod" });
    expect(() => encodeKubernetesProtobuf(DeploymentSchema, pod as never)).toThrow(EncodeError);
    expect(() => encodeKubernetesProtobuf(PodSpecSchema, create(PodSpecSchema))).toThrow(
      "capstan.core.v1.PodSpec is not an object kind",
    );
    expect(() => encodeKubernetesProtobuf(PodSchema, create(PodSchema))).toThrow(
      "the object has no apiVersion or kind",
    );
  });
});
