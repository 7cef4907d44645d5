import { type Pod, PodSchema } from "@capstan/api";
import { formatFieldError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { kindFixture } from "../../../test/kind-fixture.js";

const { strategy, defaulted } = kindFixture("v1", "Pod", PodSchema);

function pod(spec: Record<string, unknown>, name = "web"): Pod {
  return defaulted({ metadata: { name, namespace: "default", uid: "u1" }, spec });
}

function errors(object: Pod): string[] {
  return strategy.validate(object).map(formatFieldError);
}

const web = { name: "web", image: "nginx:1.27" };

describe("pod validation", () => {
  it("accepts a minimal pod", () => {
    expect(errors(pod({ containers: [web] }))).toEqual([]);
  });

  it("checks metadata with the pod's name rule", () => {
    expect(errors(pod({ containers: [web] }, "Web_1"))).toEqual([
      expect.stringMatching(
        /^metadata\.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of/,
      ),
    ]);
  });

  it("requires containers, names and images", () => {
    expect(errors(pod({ containers: [] }))).toEqual(["spec.containers: Required value"]);
    expect(errors(pod({ containers: [{ name: "web" }] }))).toEqual([
      "spec.containers[0].image: Required value",
    ]);
    expect(errors(pod({ containers: [{ image: "nginx" }] }))).toEqual([
      "spec.containers[0].name: Required value",
    ]);
  });

  it("refuses duplicate container names across init and regular containers", () => {
    expect(errors(pod({ initContainers: [web], containers: [web] }))).toEqual([
      'spec.containers[0].name: Duplicate value: "web"',
    ]);
  });

  it("checks ports", () => {
    expect(
      errors(
        pod({
          containers: [
            {
              ...web,
              ports: [
                { containerPort: 70000 },
                { name: "http", containerPort: 80, protocol: "QUIC" },
                { name: "http", containerPort: 81 },
                { name: "Bad--name", containerPort: 82 },
              ],
            },
          ],
        }),
      ),
    ).toEqual([
      "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
      'spec.containers[0].ports[1].protocol: Unsupported value: "QUIC": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[2].name: Duplicate value: "http"',
      'spec.containers[0].ports[3].name: Invalid value: "Bad--name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[3].name: Invalid value: "Bad--name": must not contain consecutive hyphens',
    ]);
  });

  it("checks policies against their supported values", () => {
    expect(
      errors(
        pod({
          containers: [{ ...web, imagePullPolicy: "Sometimes" }],
          restartPolicy: "Maybe",
          dnsPolicy: "Google",
        }),
      ),
    ).toEqual([
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      'spec.restartPolicy: Unsupported value: "Maybe": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it("checks resource quantities and that requests do not exceed limits", () => {
    const resources = { requests: { cpu: "2", memory: "lots" }, limits: { cpu: "1", gpu: "1" } };
    expect(errors(pod({ containers: [{ ...web, resources }] }))).toEqual([
      'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      expect.stringMatching(
        /^spec\.containers\[0\]\.resources\.requests\[memory\]: Invalid value: "lots": quantities must match/,
      ),
      // Requests default to limits, so the bad limit is a bad request too.
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
    ]);
  });

  it("checks probes", () => {
    const container = {
      ...web,
      livenessProbe: { successThreshold: 2, periodSeconds: -1, httpGet: { port: 0 } },
      readinessProbe: {},
      startupProbe: { exec: { command: ["true"] }, tcpSocket: { port: 80 } },
    };
    expect(errors(pod({ containers: [container] }))).toEqual([
      "spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive",
      "spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
      "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
      "spec.containers[0].readinessProbe: Required value: must specify a handler type",
      "spec.containers[0].startupProbe: Forbidden: may not specify more than 1 handler type",
    ]);
  });

  it("forbids probes on init containers that are not sidecars", () => {
    const probe = { exec: { command: ["true"] } };
    expect(
      errors(
        pod({
          initContainers: [{ name: "init", image: "busybox", readinessProbe: probe }],
          containers: [web],
        }),
      ),
    ).toEqual([
      "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
    ]);
    const sidecar = { name: "proxy", image: "envoy", restartPolicy: "Always", readinessProbe: probe };
    expect(errors(pod({ initContainers: [sidecar], containers: [web] }))).toEqual([]);
  });

  it("checks volumes and that mounts name one", () => {
    const spec = {
      volumes: [
        { name: "data", emptyDir: {} },
        { name: "data", hostPath: { path: "/x" }, emptyDir: {} },
        { name: "cfg", configMap: {} },
      ],
      containers: [
        {
          ...web,
          volumeMounts: [
            { name: "data", mountPath: "/data" },
            { name: "logs", mountPath: "/data" },
          ],
        },
      ],
    };
    expect(errors(pod(spec))).toEqual([
      'spec.volumes[1].name: Duplicate value: "data"',
      "spec.volumes[1]: Forbidden: may not specify more than 1 volume type",
      "spec.volumes[2].configMap.name: Required value",
      'spec.containers[0].volumeMounts[1].name: Invalid value: "logs": not found among the pod\'s volumes',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
    ]);
  });

  it("checks env and tolerations", () => {
    const spec = {
      containers: [
        {
          ...web,
          env: [
            { name: "1X", value: "a" },
            { name: "B", value: "b", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
          ],
        },
      ],
      tolerations: [
        { key: "a", operator: "Exists", value: "x" },
        { operator: "Equal", value: "y" },
        { key: "b", effect: "NoSchedule", tolerationSeconds: 5 },
      ],
    };
    expect(errors(pod(spec))).toEqual([
      expect.stringMatching(
        /^spec\.containers\[0\]\.env\[0\]\.name: Invalid value: "1X": a valid environment variable name/,
      ),
      'spec.containers[0].env[1].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      "spec.tolerations[0].operator: Invalid value: \"x\": value must be empty when `operator` is 'Exists'",
      'spec.tolerations[1].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      "spec.tolerations[2].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
    ]);
  });
});

describe("pod update", () => {
  const before = pod({ containers: [web] });

  it("allows a new image and an added toleration", () => {
    const after = pod({
      containers: [{ ...web, image: "nginx:1.28" }],
      tolerations: [{ key: "gpu", operator: "Exists" }],
    });
    expect(strategy.validateUpdate(after, before).map(formatFieldError)).toEqual([]);
  });

  it("refuses other spec changes, and a renamed pod", () => {
    const after = pod({ containers: [{ ...web, ports: [{ containerPort: 80 }] }] }, "other");
    expect(strategy.validateUpdate(after, before).map(formatFieldError)).toEqual([
      'metadata.name: Invalid value: "other": field is immutable',
      expect.stringMatching(
        /^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/,
      ),
    ]);
  });
});

describe("pod deletion grace", () => {
  const deletionGracePeriod = strategy.deletionGracePeriod;
  if (!deletionGracePeriod) throw new Error("pods delete gracefully");

  it("is immediate for unbound or finished pods", () => {
    expect(deletionGracePeriod(pod({ containers: [web] }), undefined)).toBe(0);
    const finished = pod({ containers: [web], nodeName: "n1" });
    if (finished.status) finished.status.phase = "Succeeded";
    expect(deletionGracePeriod(finished, 10)).toBe(0);
  });

  it("takes the request, else the pod's own period", () => {
    const bound = pod({ containers: [web], nodeName: "n1", terminationGracePeriodSeconds: 12 });
    expect(deletionGracePeriod(bound, undefined)).toBe(12);
    expect(deletionGracePeriod(bound, 0)).toBe(0);
    expect(deletionGracePeriod(bound, 3)).toBe(3);
  });
});
