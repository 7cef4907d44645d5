import { encodeObject, type Node, NodeSchema } from "@capstan/api";
import { formatFieldError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { kindFixture } from "../../../test/kind-fixture.js";

const { strategy, defaulted } = kindFixture("v1", "Node", NodeSchema);
const now = new Date("2025-06-01T12:00:00Z");

function node(body: Record<string, unknown>): Node {
  return defaulted({ metadata: { name: "node-1", creationTimestamp: "2025-05-31T12:00:00Z" }, ...body });
}

describe("nodes", () => {
  it("take allocatable from capacity", () => {
    const json = encodeObject(NodeSchema, node({ status: { capacity: { cpu: "2", pods: "110" } } }));
    expect(json.status).toMatchObject({ allocatable: { cpu: "2", pods: "110" } });
  });

  it("validate taints and pod CIDRs", () => {
    const object = node({
      spec: {
        podCIDR: "10.244.0.0/33",
        taints: [
          { key: "dedicated", effect: "NoSchedule" },
          { key: "dedicated", effect: "NoSchedule" },
          { key: "x", effect: "Sometimes" },
        ],
      },
    });
    expect(strategy.validate(object).map(formatFieldError)).toEqual([
      'spec.taints[1]: Duplicate value: {"key":"dedicated","effect":"NoSchedule"}',
      'spec.taints[2].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'spec.podCIDR: Invalid value: "10.244.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
  });

  it("print STATUS ROLES AGE VERSION and the wide columns", () => {
    const object = node({
      metadata: {
        name: "node-1",
        creationTimestamp: "2025-05-31T12:00:00Z",
        labels: { "node-role.kubernetes.io/control-plane": "", "kubernetes.io/role": "worker" },
      },
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: "Ready", status: "True" }],
        addresses: [{ type: "InternalIP", address: "192.0.2.10" }],
        nodeInfo: {
          kubeletVersion: "v1.32.0",
          osImage: "Debian GNU/Linux 12",
          kernelVersion: "6.1.0",
          containerRuntimeVersion: "docker://20.10",
        },
      },
    });
    expect(strategy.columns.map((column) => [column.name, column.cell(object, now)])).toEqual([
      ["Status", "Ready,SchedulingDisabled"],
      ["Roles", "control-plane,worker"],
      ["Age", "24h"],
      ["Version", "v1.32.0"],
      ["Internal-IP", "192.0.2.10"],
      ["External-IP", "<none>"],
      ["OS-Image", "Debian GNU/Linux 12"],
      ["Kernel-Version", "6.1.0"],
      ["Container-Runtime", "docker://20.10"],
    ]);
    expect(strategy.selectableFields(object)).toEqual({ "spec.unschedulable": "true" });
    const fresh = node({});
    expect(strategy.columns.slice(0, 2).map((column) => column.cell(fresh, now))).toEqual([
      "Unknown",
      "<none>",
    ]);
  });
});
