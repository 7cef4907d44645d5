import { create } from "@bufbuild/protobuf";
import { findKind, type Pod, PodSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { strategyFor } from "../kinds/index.js";
import { defaultTolerationSecondsPlugin } from "./default-toleration-seconds.js";

const podType = findKind("v1", "Pod");
if (!podType) throw new Error("no Pod resource");

async function admit(pod: Pod, seconds = { notReady: 4, unreachable: 2 }): Promise<Pod> {
  const strategy = strategyFor(podType as NonNullable<typeof podType>);
  await defaultTolerationSecondsPlugin(seconds).admit({
    operation: "CREATE",
    strategy,
    namespace: "default",
    name: "p",
    object: pod,
    dryRun: false,
  });
  // The defaulting that follows must not add its own 300 s tolerations on top.
  strategy.defaults(pod);
  return pod;
}

describe("DefaultTolerationSeconds admission", () => {
  it("adds the not-ready and unreachable NoExecute tolerations with the configured seconds", async () => {
    const pod = await admit(create(PodSchema, { spec: { containers: [{ name: "c", image: "i" }] } }));
    expect(pod.spec?.tolerations.map((t) => [t.key, t.effect, t.tolerationSeconds])).toEqual([
      ["node.kubernetes.io/not-ready", "NoExecute", 4n],
      ["node.kubernetes.io/unreachable", "NoExecute", 2n],
    ]);
  });

  it("keeps a pod's own toleration of the taint", async () => {
    const pod = await admit(
      create(PodSchema, {
        spec: {
          containers: [{ name: "c", image: "i" }],
          tolerations: [
            {
              key: "node.kubernetes.io/unreachable",
              operator: "Exists",
              effect: "NoExecute",
              tolerationSeconds: 60n,
            },
          ],
        },
      }),
    );
    expect(pod.spec?.tolerations.map((t) => [t.key, t.tolerationSeconds])).toEqual([
      ["node.kubernetes.io/unreachable", 60n],
      ["node.kubernetes.io/not-ready", 4n],
    ]);
  });

  it("refuses negative or fractional seconds", () => {
    expect(() => defaultTolerationSecondsPlugin({ notReady: -1, unreachable: 2 })).toThrow(RangeError);
    expect(() => defaultTolerationSecondsPlugin({ notReady: 1, unreachable: 0.5 })).toThrow(RangeError);
  });
});
