import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type Lease, LeaseSchema, type Node, NodeSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { HeartbeatTracker, nodeHealth } from "./node-health.js";
import { DEFAULT_NODE_LIFECYCLE_OPTIONS as options } from "./options.js";

const node: Node = create(NodeSchema, {
  metadata: { name: "n1" },
  status: { conditions: [{ type: "Ready", status: "True" }] },
});
const lease = (renewMs: number): Lease =>
  create(LeaseSchema, { spec: { renewTime: timestampFromMs(renewMs) } });

describe("nodeHealth", () => {
  it("goes Unknown once the lease has not been renewed for the grace period, on the controller's clock", () => {
    const tracker = new HeartbeatTracker();
    // The kubelet's timestamp is far in the past (clock skew): only the observation time counts.
    expect(nodeHealth(node, lease(1), tracker, 100_000, options)).toMatchObject({
      readiness: "True",
      silent: false,
    });
    expect(nodeHealth(node, lease(1), tracker, 139_000, options).readiness).toBe("True");
    expect(nodeHealth(node, lease(1), tracker, 140_001, options)).toMatchObject({
      readiness: "Unknown",
      silent: true,
    });
    expect(nodeHealth(node, lease(2), tracker, 150_000, options)).toMatchObject({
      readiness: "True",
      silent: false,
    });
  });

  it("gives a node that never renewed the startup grace period", () => {
    const tracker = new HeartbeatTracker();
    nodeHealth(node, undefined, tracker, 0, options);
    expect(nodeHealth(node, undefined, tracker, 50_000, options).silent).toBe(false);
    expect(nodeHealth(node, undefined, tracker, 60_001, options).silent).toBe(true);
  });
});
