import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { ConfigMapService, PodSchema, SecretService } from "@capstan/api";
import { startTestApiServer, type TestApiServer } from "@capstan/apiserver/testing";
import { createGrpcClient } from "@capstan/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGrpcLookups } from "../env/grpc-lookups.js";
import { createPodHooks } from "./pod-hooks.js";

let api: TestApiServer;
let rootDir: string;
beforeAll(async () => {
  api = await startTestApiServer();
  rootDir = await mkdtemp(join(tmpdir(), "capstan-kubelet-root-"));
});
afterAll(async () => {
  await api?.stop();
  await rm(rootDir, { recursive: true, force: true });
});

describe("pod hooks over a real apiserver", () => {
  it("resolve env and volumes from ConfigMaps and Secrets read over gRPC, and clean up by pod uid", async () => {
    await createGrpcClient(ConfigMapService, api.transport).create({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { namespace: "default", name: "cfg" },
      data: { color: "blue" },
    });
    await createGrpcClient(SecretService, api.transport).create({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { namespace: "default", name: "creds" },
      data: { token: new TextEncoder().encode("t0k") },
    });
    const hooks = createPodHooks({
      rootDir,
      lookups: createGrpcLookups(api.transport),
      nodeName: "n1",
      hostIP: "127.0.0.1",
    });
    const pod = create(PodSchema, {
      metadata: { namespace: "default", name: "p", uid: "0b8f6a2e-1111-4c1e-9d7a-2a1b3c4d5e6f" },
      spec: {
        volumes: [{ name: "cfg", configMap: { name: "cfg" } }],
        containers: [
          {
            name: "app",
            env: [
              { name: "COLOR", valueFrom: { configMapKeyRef: { name: "cfg", key: "color" } } },
              { name: "TOKEN", valueFrom: { secretKeyRef: { name: "creds", key: "token" } } },
              {
                name: "MISSING",
                valueFrom: { configMapKeyRef: { name: "absent", key: "k", optional: true } },
              },
            ],
            volumeMounts: [{ name: "cfg", mountPath: "/cfg" }],
          },
        ],
      },
    });
    const container = pod.spec?.containers[0];
    if (!container) throw new Error("no container");
    expect(await hooks.containerEnv(pod, container, "10.0.0.9")).toEqual(["COLOR=blue", "TOKEN=t0k"]);
    const binds = await hooks.prepareVolumes(pod);
    const dir = join(rootDir, "pods", "0b8f6a2e-1111-4c1e-9d7a-2a1b3c4d5e6f", "volumes", "configmap", "cfg");
    expect(binds.get("app")).toEqual([`${dir}:/cfg:ro`]);
    expect(await readFile(join(dir, "color"), "utf8")).toBe("blue");
    await hooks.cleanupVolumes("0b8f6a2e-1111-4c1e-9d7a-2a1b3c4d5e6f");
    expect(existsSync(dir)).toBe(false);
    await expect(hooks.cleanupVolumes("../etc")).rejects.toThrow(/invalid pod uid/);
  });
});
