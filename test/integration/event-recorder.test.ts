import { create } from "@bufbuild/protobuf";
import { EventService, NodeSchema, PodService } from "@capstan/api";
import { startTestApiServer, type TestApiServer } from "@capstan/apiserver/testing";
import { createEventRecorder, createGrpcClient } from "@capstan/client";
import { createLogger } from "@capstan/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const logger = createLogger({ component: "event-recorder-test", level: "silent" });

describe("event recorder against a real apiserver", () => {
  let server: TestApiServer;
  beforeAll(async () => {
    server = await startTestApiServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("writes an Event about a pod and aggregates repeats into its count", async () => {
    const pods = createGrpcClient(PodService, server.transport);
    const pod = await pods.create({
      metadata: { name: "web", namespace: "default" },
      spec: { containers: [{ name: "app", image: "busybox" }] },
    });
    const recorder = createEventRecorder({
      transport: server.transport,
      component: "kubelet",
      host: "node-1",
      logger,
    });
    recorder.event(pod, "Normal", "Pulled", "Container image already present", "spec.containers{app}");
    recorder.event(pod, "Warning", "BackOff", "Back-off restarting failed container app");
    recorder.event(pod, "Warning", "BackOff", "Back-off restarting failed container app");
    recorder.event(pod, "Warning", "BackOff", "Back-off restarting failed container app");
    await recorder.flush();

    const listed = await createGrpcClient(EventService, server.transport).list({ namespace: "default" });
    const byReason = new Map(listed.items.map((event) => [event.reason, event]));
    expect(listed.items).toHaveLength(2);
    expect(byReason.get("BackOff")).toMatchObject({
      type: "Warning",
      count: 3,
      message: "Back-off restarting failed container app",
      source: { component: "kubelet", host: "node-1" },
      involvedObject: {
        kind: "Pod",
        apiVersion: "v1",
        name: "web",
        namespace: "default",
        uid: pod.metadata?.uid,
      },
    });
    expect(byReason.get("Pulled")?.involvedObject?.fieldPath).toBe("spec.containers{app}");
  });

  it("puts events about cluster-scoped objects in the default namespace, as Kubernetes does", async () => {
    const recorder = createEventRecorder({
      transport: server.transport,
      component: "node-controller",
      logger,
    });
    const node = create(NodeSchema, { metadata: { name: "node-9", uid: "u-9" } });
    recorder.event(node, "Normal", "RegisteredNode", "Node node-9 event: Registered Node node-9");
    await recorder.flush();
    const listed = await createGrpcClient(EventService, server.transport).list({ namespace: "default" });
    const registered = listed.items.find((event) => event.reason === "RegisteredNode");
    expect(registered?.involvedObject).toMatchObject({
      kind: "Node",
      apiVersion: "v1",
      name: "node-9",
      namespace: "",
    });
  });

  it("logs instead of throwing when the object has no name or is not a resource", async () => {
    const warnings: string[] = [];
    const capturing = createLogger({ component: "event-recorder-test", level: "warn" });
    capturing.warn = ((_: unknown, message: string) => {
      warnings.push(message);
    }) as typeof capturing.warn;
    const recorder = createEventRecorder({ transport: server.transport, component: "x", logger: capturing });
    expect(() => recorder.event(create(NodeSchema, {}), "Normal", "Nothing", "no name")).not.toThrow();
    await recorder.flush();
    expect(warnings).toEqual(["event not recorded"]);
  });
});
