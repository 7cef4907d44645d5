import { LABEL } from "@capstan/kubelet";
import { docker, waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKubectl, type Kubectl } from "./support/kubectl.js";
import { containerStatus, type KubeletTestbed, startKubeletTestbed } from "./support/kubelet-fixture.js";

let bed: KubeletTestbed;
let kubectl: Kubectl;

beforeAll(async () => {
  // Short back-off so CrashLoopBackOff shows its growth within a test.
  bed = await startKubeletTestbed({ backoffInitialMs: 1_000, backoffMaxMs: 4_000 });
  kubectl = await createKubectl(bed.api.restUrl);
}, 60_000);

afterAll(async () => {
  await kubectl?.dispose();
  await bed?.close();
}, 60_000);

const isReady = (pod: { status?: { conditions: { type: string; status: string }[] } }) =>
  pod.status?.conditions.some((c) => c.type === "Ready" && c.status === "True") === true;

describe("kubelet pods on Docker", () => {
  it("runs two containers that share the pod's network and hostname; kubectl logs reads them", async () => {
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
            'echo "client on $(hostname)"; while :; do wget -q -O - http://127.0.0.1:8080/ 2>/dev/null && break; sleep 0.2; done; i=0; while :; do i=$((i+1)); echo "tick $i"; sleep 0.5; done',
          ],
        },
      ],
    });
    const pod = await bed.waitForPod("web", isReady);
    expect(pod.status?.phase).toBe("Running");
    expect(pod.status?.podIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(pod.status?.hostIp).toBe("127.0.0.1");
    expect(containerStatus(pod, "server")?.containerId).toMatch(/^docker:\/\/[0-9a-f]{64}$/);
    expect(containerStatus(pod, "client")?.state?.running?.startedAt).toBeDefined();
    await bed.waitForLog("web", "client", (text) => text.includes("tick 1"));

    const logs = await kubectl.ok(["logs", "web", "-c", "client"]);
    expect(logs.startsWith("client on web\nserved by web\ntick 1\n")).toBe(true);
    expect(await kubectl.ok(["logs", "web", "-c", "client", "--tail=1"])).toMatch(/^tick \d+\n$/);
    expect(await kubectl.ok(["logs", "web", "-c", "client", "--timestamps", "--tail=1"])).toMatch(
      /^\d{4}-\d\d-\d\dT\S+ tick \d+\n$/,
    );
    const unnamed = await fetch(`${bed.api.restUrl}/api/v1/namespaces/default/pods/web/log`);
    expect(unnamed.status).toBe(400);
    expect(await unnamed.text()).toContain("a container name must be specified for pod web");
    const follow = kubectl.start(["logs", "-f", "web", "-c", "client", "--tail=1"]);
    const seen = (text: string) => Number(/tick (\d+)\n$/.exec(text)?.[1] ?? 0);
    const first = await waitFor(() => seen(follow.stdout()) || undefined, { timeoutMs: 10_000 });
    await follow.waitForOutput((text) => seen(text) >= first + 2, "followed ticks");
    await follow.stop();
  }, 60_000);

  it("restarts a failing container with a growing back-off (CrashLoopBackOff)", async () => {
    await bed.createPod("crasher", {
      containers: [
        {
          name: "main",
          image: bed.image,
          imagePullPolicy: "Never",
          command: ["sh", "-c", "echo crashing; exit 1"],
        },
      ],
    });
    const pod = await bed.waitForPod("crasher", (p) => {
      const status = containerStatus(p, "main");
      return (status?.restartCount ?? 0) >= 3 && status?.state?.waiting?.reason === "CrashLoopBackOff";
    });
    const status = containerStatus(pod, "main");
    expect(status?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(status?.state?.waiting?.message).toMatch(
      /^back-off [124]s restarting failed container=main pod=crasher_default/,
    );
    expect(pod.status?.phase).toBe("Running");
    expect(await kubectl.ok(["logs", "crasher", "--previous"])).toBe("crashing\n");
  }, 60_000);

  it("reports ErrImageNeverPull and refuses privileged pods", async () => {
    await bed.createPod("no-image", {
      containers: [{ name: "main", image: "capstan-test/absent:1", imagePullPolicy: "Never" }],
    });
    await bed.createPod("privileged", {
      containers: [
        { name: "main", image: bed.image, imagePullPolicy: "Never", securityContext: { privileged: true } },
      ],
    });
    const missing = await bed.waitForPod(
      "no-image",
      (p) => containerStatus(p, "main")?.state?.waiting?.reason === "ErrImageNeverPull",
    );
    expect(missing.status?.phase).toBe("Pending");
    const refused = await bed.waitForPod("privileged", (p) => p.status?.phase === "Failed");
    expect(refused.status?.reason).toBe("Forbidden");
    expect(refused.status?.message).toContain("privileged");
  }, 30_000);

  it("stops a deleted pod's containers within its grace period and removes the pod", async () => {
    await bed.createPod("doomed", {
      terminationGracePeriodSeconds: 3,
      // sh as PID 1 ignores SIGTERM: the kubelet must SIGKILL it when the grace period ends.
      containers: [
        {
          name: "main",
          image: bed.image,
          imagePullPolicy: "Never",
          command: ["sh", "-c", "while :; do sleep 1; done"],
        },
      ],
    });
    const pod = await bed.waitForPod("doomed", (p) => p.status?.phase === "Running");
    const uid = pod.metadata?.uid ?? "";
    const started = Date.now();
    await kubectl.ok(["delete", "pod", "doomed", "--wait=true", "--timeout=20s"]);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(10_000);
    const left = await docker(["ps", "-aq", "--filter", `label=${LABEL.podUid}=${uid}`]);
    expect(left).toBe("");
  }, 30_000);

  it("restarts a container whose liveness probe fails and keeps one failing readiness out of Ready", async () => {
    const probe = (command: string) => ({
      exec: { command: ["sh", "-c", command] },
      periodSeconds: 1,
      failureThreshold: 1,
    });
    await bed.createPod("probed", {
      containers: [
        {
          name: "unlive",
          image: bed.image,
          imagePullPolicy: "Never",
          command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"],
          livenessProbe: probe("test -e /nonexistent"),
        },
        {
          name: "unready",
          image: bed.image,
          imagePullPolicy: "Never",
          command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"],
          readinessProbe: probe("false"),
        },
      ],
    });
    const pod = await bed.waitForPod(
      "probed",
      (p) => (containerStatus(p, "unlive")?.restartCount ?? 0) >= 1,
      40_000,
    );
    expect(containerStatus(pod, "unready")?.ready).toBe(false);
    expect(containerStatus(pod, "unready")?.state?.running).toBeDefined();
    expect(pod.status?.conditions.find((c) => c.type === "Ready")?.status).toBe("False");
  }, 60_000);
});
