import { create, equals, fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { DeploymentListSchema, DeploymentSchema } from "../gen/capstan/apps/v1/deployment_pb.js";
import { LeaseSchema } from "../gen/capstan/coordination/v1/lease_pb.js";
import { ConfigMapSchema } from "../gen/capstan/core/v1/config_map_pb.js";
import { PodSchema } from "../gen/capstan/core/v1/pod_pb.js";
import { SecretSchema } from "../gen/capstan/core/v1/secret_pb.js";
import { ServiceSchema } from "../gen/capstan/core/v1/service_pb.js";
import { EncodeError } from "./codec-error.js";
import { decodeObject } from "./decode.js";
import { encodeObject } from "./encode.js";
import { parseRfc3339 } from "./rfc3339.js";

const time = (text: string) => {
  const ts = parseRfc3339(text);
  if (ts === undefined) throw new Error(`bad time ${text}`);
  return ts;
};

describe("encodeObject", () => {
  it("writes int64 as JSON numbers and refuses values a number cannot hold", () => {
    const pod = create(PodSchema, { metadata: { generation: 5n, deletionGracePeriodSeconds: 30n } });
    expect(encodeObject(PodSchema, pod).metadata).toEqual({ generation: 5, deletionGracePeriodSeconds: 30 });
    const huge = create(PodSchema, { metadata: { generation: 2n ** 60n } });
    expect(() => encodeObject(PodSchema, huge)).toThrow(
      new EncodeError(
        "metadata.generation",
        "int64 1152921504606846976 is beyond what a JSON number holds exactly",
      ),
    );
  });

  it("writes int-or-string as a number or a string (unset: Go's zero, 0)", () => {
    const svc = create(ServiceSchema, {
      spec: {
        ports: [
          { port: 80, targetPort: { type: 0, intVal: 8080 } },
          { port: 443, targetPort: { type: 1, strVal: "https" } },
          { port: 53, targetPort: {} },
        ],
      },
    });
    const ports = (encodeObject(ServiceSchema, svc).spec as { ports: unknown[] }).ports;
    expect(ports).toEqual([
      { port: 80, targetPort: 8080 },
      { port: 443, targetPort: "https" },
      { port: 53, targetPort: 0 },
    ]);
  });

  it("writes Time in whole seconds and MicroTime with microseconds, in UTC", () => {
    const pod = create(PodSchema, {
      metadata: { creationTimestamp: time("2025-01-01T02:00:00.987654321+02:00") },
    });
    expect(encodeObject(PodSchema, pod).metadata).toEqual({ creationTimestamp: "2025-01-01T00:00:00Z" });
    const lease = create(LeaseSchema, { spec: { renewTime: time("2025-01-01T00:00:00.987654321Z") } });
    expect(encodeObject(LeaseSchema, lease).spec).toEqual({ renewTime: "2025-01-01T00:00:00.987654Z" });
  });

  it("writes bytes as base64 and keeps quantities as strings", () => {
    const secret = create(SecretSchema, {
      data: { a: new Uint8Array([0, 255, 104]), empty: new Uint8Array() },
    });
    expect(encodeObject(SecretSchema, secret).data).toEqual({ a: "AP9o", empty: "" });
    const pod = decodeObject(
      PodSchema,
      { spec: { containers: [{ name: "c", resources: { requests: { cpu: 0.5, memory: "1Gi" } } }] } },
      { unknownFields: "strict" },
    ).message;
    expect(encodeObject(PodSchema, pod).spec).toEqual({
      containers: [{ name: "c", resources: { requests: { cpu: "0.5", memory: "1Gi" } } }],
    });
  });

  it("leaves out implicit zero values and writes explicit ones that are set", () => {
    const deploy = create(DeploymentSchema, {
      spec: { replicas: 0, minReadySeconds: 0, paused: false, revisionHistoryLimit: 0 },
      status: { replicas: 0, collisionCount: 0 },
    });
    expect(encodeObject(DeploymentSchema, deploy)).toEqual({
      spec: { replicas: 0, revisionHistoryLimit: 0 },
      status: { collisionCount: 0 },
    });
    const pod = create(PodSchema, {
      status: { containerStatuses: [{ name: "c", ready: false, restartCount: 0 }] },
    });
    expect(encodeObject(PodSchema, pod).status).toEqual({
      containerStatuses: [{ name: "c", ready: false, restartCount: 0 }],
    });
  });

  it("writes a list's items even when there are none", () => {
    const list = create(DeploymentListSchema, {
      apiVersion: "apps/v1",
      kind: "DeploymentList",
      metadata: {},
    });
    expect(encodeObject(DeploymentListSchema, list)).toEqual({
      apiVersion: "apps/v1",
      kind: "DeploymentList",
      metadata: {},
      items: [],
    });
  });

  it("produces plain JSON that does not share state with the message", () => {
    const json = {
      metadata: { managedFields: [{ manager: "kubectl", fieldsV1: { "f:spec": { "f:replicas": {} } } }] },
    };
    const pod = decodeObject(PodSchema, json, { unknownFields: "strict" }).message;
    const out = encodeObject(PodSchema, pod);
    expect(JSON.parse(JSON.stringify(out))).toEqual(json);
    const [written] = (out.metadata as { managedFields: { fieldsV1: Record<string, unknown> }[] })
      .managedFields;
    if (written === undefined) throw new Error("managedFields not written");
    written.fieldsV1.x = 1;
    expect(pod.metadata?.managedFields[0]?.fieldsV1).toEqual({ "f:spec": { "f:replicas": {} } });
  });

  it("keeps __proto__ as an ordinary key", () => {
    const cm = decodeObject(ConfigMapSchema, JSON.parse('{"data":{"__proto__":"x"}}'), {
      unknownFields: "strict",
    });
    expect(JSON.stringify(encodeObject(ConfigMapSchema, cm.message))).toBe('{"data":{"__proto__":"x"}}');
  });

  it("refuses a message of another type", () => {
    const svc = create(ServiceSchema);
    expect(() => encodeObject(PodSchema, svc as never)).toThrow(
      new EncodeError("", "expected a capstan.core.v1.Pod message, got a capstan.core.v1.Service message"),
    );
    expect(() => encodeObject(PodSchema, { spec: {} } as never)).toThrow(EncodeError);
  });
});

describe("binary", () => {
  it("round-trips a decoded object through toBinary/fromBinary unchanged", () => {
    const json = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", generation: 3, creationTimestamp: "2025-01-01T00:00:00Z", labels: { a: "b" } },
      spec: { priority: 0, containers: [{ name: "c", ports: [{ containerPort: 80 }] }] },
      status: { containerStatuses: [{ name: "c", ready: false, restartCount: 0 }] },
    };
    const pod = decodeObject(PodSchema, json, { unknownFields: "strict" }).message;
    const restored = fromBinary(PodSchema, toBinary(PodSchema, pod));
    expect(equals(PodSchema, pod, restored)).toBe(true);
    expect(restored.spec?.priority).toBe(0);
    expect(restored.status?.containerStatuses[0]?.ready).toBe(false);
    expect(encodeObject(PodSchema, restored)).toEqual(json);
  });
});
