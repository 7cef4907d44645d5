import { describe, expect, it } from "vitest";
import { decodeObject, PodSchema } from "../src/index.js";
import { loadFixture, roundTrip } from "./round-trip.js";

describe("Pod with probes", () => {
  const manifest = loadFixture("pod-probes.yaml");

  it("round-trips YAML -> message -> binary -> JSON with no field lost or renamed", () => {
    expect(roundTrip(PodSchema, manifest)).toEqual(manifest);
  });

  it("reads int-or-string probe ports as numbers and names", () => {
    const pod = decodeObject(PodSchema, manifest, { unknownFields: "strict" }).message;
    const http = pod.spec?.containers[1];
    expect(http?.livenessProbe?.httpGet?.port?.value).toEqual({ case: "intVal", value: 8080 });
    expect(http?.startupProbe?.httpGet?.port?.value).toEqual({ case: "strVal", value: "liveness-port" });
    expect(pod.spec?.containers[2]?.livenessProbe?.terminationGracePeriodSeconds).toBe(60n);
  });
});
