import type { Pod } from "@capstan/api";
import { LABEL } from "@capstan/kubelet";
import { docker, waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type KubeletFixture,
  type KubeletTestbed,
  startKubelet,
  startKubeletTestbed,
} from "./support/kubelet-fixture.js";

let bed: KubeletTestbed;
let other: KubeletFixture;

beforeAll(async () => {
  bed = await startKubeletTestbed();
  other = await startKubelet(bed.api, `${bed.kubelet.nodeName}-b`, bed.runId);
}, 60_000);

afterAll(async () => {
  await other?.stop().catch(() => undefined);
  await bed?.close();
}, 60_000);

const sleeper = (image: string) => [
  {
    name: "main",
    image,
    imagePullPolicy: "Never",
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"],
  },
];
const ids = (pod: Pod) => pod.status?.containerStatuses.map((status) => status.containerId) ?? [];
const containersOfPod = async (uid: string) =>
  (await docker(["ps", "-aq", "--filter", `label=${LABEL.podUid}=${uid}`])).split("\n").filter(Boolean);

describe("kubelet restarts and neighbours", () => {
  it("adopts running containers after a restart, removes those of vanished pods, and leaves another node's alone", async () => {
    const running = (p: Pod) => p.status?.phase === "Running";
    await bed.createPod("kept", { containers: sleeper(bed.image) });
    await bed.createPod("vanished", { containers: sleeper(bed.image) });
    await bed.createPod("neighbour", { nodeName: other.nodeName, containers: sleeper(bed.image) });
    const kept = await bed.waitForPod("kept", running);
    const vanished = await bed.waitForPod("vanished", running);
    const neighbour = await bed.waitForPod("neighbour", running);

    await bed.kubelet.stop();
    // While the kubelet is down its pod object goes away for good (a forced delete skips the kubelet).
    await bed.pods.delete({ namespace: "default", name: "vanished", options: { gracePeriodSeconds: 0n } });
    const vanishedUid = vanished.metadata?.uid ?? "";
    expect((await containersOfPod(vanishedUid)).length).toBe(2);

    const restarted = await startKubelet(bed.api, bed.kubelet.nodeName, bed.runId);
    try {
      await waitFor(async () => (await containersOfPod(vanishedUid)).length === 0, {
        timeoutMs: 20_000,
        description: "containers of the vanished pod removed",
      });
      const after = await bed.pods.get({ namespace: "default", name: "kept" });
      expect(ids(after)).toEqual(ids(kept));
      expect(after.status?.containerStatuses[0]?.restartCount).toBe(0);
      expect(after.status?.phase).toBe("Running");
      const neighbourAfter = await bed.pods.get({ namespace: "default", name: "neighbour" });
      expect(ids(neighbourAfter)).toEqual(ids(neighbour));
      expect((await containersOfPod(neighbour.metadata?.uid ?? "")).length).toBe(2);
    } finally {
      await restarted.stop();
    }
  }, 90_000);
});
