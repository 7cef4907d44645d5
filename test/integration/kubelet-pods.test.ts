import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containerStatus, type KubeletTestbed, startKubeletTestbed } from "./support/kubelet-fixture.js";

let bed: KubeletTestbed;

beforeAll(async () => {
  bed = await startKubeletTestbed({ backoffInitialMs: 1_000, backoffMaxMs: 4_000 });
}, 60_000);

afterAll(async () => {
  await bed?.close();
}, 60_000);

describe("kubelet pods on Docker", () => {
  it("runs two containers that share the pod's network and hostname", async () => {
    await bed.createPod("web", {
      containers: [
        {
          name: "server",
          image: bed.image,
          imagePullPolicy: "Never",
          command: [
            "sh",
            "-c",
            'mkdir -p /www && echo "served by $(hostname)" > /www/index.html && exec httpd -f -p 8080 -h /www',
          ],
        },
        {
          name: "client",
          image: bed.image,
          imagePullPolicy: "Never",
          command: [
            "sh",
            "-c",
            'echo "client on $(hostname)"; while :; do wget -q -O - http://127.0.0.1:8080/ 2>/dev/null && break; sleep 0.2; done; exec sleep 3600',
          ],
        },
      ],
    });
    const pod = await bed.waitForPod(
      "web",
      (p) => p.status?.conditions.some((c) => c.type === "Ready" && c.status === "True") === true,
    );
    expect(pod.status?.phase).toBe("Running");
    expect(pod.status?.podIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(pod.status?.hostIp).toBe("127.0.0.1");
    expect(containerStatus(pod, "server")?.containerId).toMatch(/^docker:\/\/[0-9a-f]{64}$/);
    expect(containerStatus(pod, "client")?.state?.running?.startedAt).toBeDefined();
    const log = await bed.waitForLog("web", "client", (text) => text.includes("served by"));
    expect(log).toBe("client on web\nserved by web\n");
  }, 60_000);
});
