import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { type ConfigMap, ConfigMapSchema, PodSchema, type Secret, SecretSchema } from "@capstan/api";
import { docker, ensureTestImage, removeLabelledContainers } from "@capstan/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { ApiLookups } from "../env/api-lookups.js";
import { cleanupVolumes, prepareVolumes } from "./prepare-volumes.js";
import { VolumeError } from "./volume-error.js";
import { memoryRoot } from "./volume-paths.js";

const run = `capstan.test/run=${randomUUID()}`;
let root: string;
let podDir: string;
const roots: string[] = [];
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "capstan-volumes-"));
  roots.push(root);
  podDir = join(root, "pods", randomUUID());
});
afterAll(async () => {
  await removeLabelledContainers(run);
  for (const dir of roots) {
    await cleanupVolumes(join(dir, "pods", "x")).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

const configMaps = new Map<string, ConfigMap>();
const secrets = new Map<string, Secret>();
const lookups: ApiLookups = {
  getConfigMap: async (ns, name) => configMaps.get(`${ns}/${name}`),
  getSecret: async (ns, name) => secrets.get(`${ns}/${name}`),
  listServices: async () => [],
};
const setConfigMap = (name: string, data: Record<string, string>) =>
  configMaps.set(`ns/${name}`, create(ConfigMapSchema, { metadata: { namespace: "ns", name }, data }));
secrets.set(
  "ns/creds",
  create(SecretSchema, {
    metadata: { namespace: "ns", name: "creds" },
    data: { token: new TextEncoder().encode("t0k") },
  }),
);

type Spec = NonNullable<MessageInitShape<typeof PodSchema>["spec"]>;
const pod = (spec: Spec) => create(PodSchema, { metadata: { namespace: "ns", name: "p", uid: "u" }, spec });

describe("prepareVolumes", () => {
  it("makes emptyDirs (disk and memory) shared by every container, with readOnly and subPath mounts", async () => {
    const p = pod({
      volumes: [
        { name: "scratch", emptyDir: {} },
        { name: "fast", emptyDir: { medium: "Memory" } },
      ],
      initContainers: [{ name: "init", volumeMounts: [{ name: "scratch", mountPath: "/work" }] }],
      containers: [
        {
          name: "app",
          volumeMounts: [
            { name: "scratch", mountPath: "/data", readOnly: true },
            { name: "fast", mountPath: "/fast" },
          ],
        },
        { name: "side", volumeMounts: [{ name: "scratch", mountPath: "/logs", subPath: "logs/app" }] },
      ],
    });
    const binds = await prepareVolumes(p, podDir, lookups);
    const scratch = join(podDir, "volumes", "empty-dir", "scratch");
    const fast = join(memoryRoot(podDir), "empty-dir", "fast");
    expect(Object.fromEntries(binds)).toEqual({
      init: [`${scratch}:/work`],
      app: [`${scratch}:/data:ro`, `${fast}:/fast`],
      side: [`${join(scratch, "logs/app")}:/logs`],
    });
    expect(fast.startsWith("/dev/shm/")).toBe(true);
    expect((await stat(scratch)).mode & 0o777).toBe(0o777);
    expect((await stat(join(scratch, "logs/app"))).isDirectory()).toBe(true);
    expect(await prepareVolumes(p, podDir, lookups)).toEqual(binds);
    await cleanupVolumes(podDir);
    expect(existsSync(scratch) || existsSync(fast)).toBe(false);
  });

  it("writes configMap and secret files with items, modes, and updates them atomically", async () => {
    setConfigMap("app-config", { "app.yaml": "v: 1", extra: "x" });
    const p = pod({
      volumes: [
        { name: "cfg", configMap: { name: "app-config" } },
        {
          name: "picked",
          configMap: { name: "app-config", items: [{ key: "app.yaml", path: "conf/app.yaml", mode: 0o600 }] },
        },
        { name: "creds", secret: { secretName: "creds", defaultMode: 0o400 } },
      ],
      containers: [
        {
          name: "app",
          volumeMounts: [
            { name: "cfg", mountPath: "/etc/app" },
            { name: "picked", mountPath: "/etc/picked" },
            { name: "creds", mountPath: "/var/run/creds" },
            { name: "cfg", mountPath: "/etc/app.yaml", subPath: "app.yaml" },
          ],
        },
      ],
    });
    const binds = (await prepareVolumes(p, podDir, lookups)).get("app") ?? [];
    const cfg = join(podDir, "volumes", "configmap", "cfg");
    expect(binds[0]).toBe(`${cfg}:/etc/app:ro`);
    expect(await readFile(join(cfg, "app.yaml"), "utf8")).toBe("v: 1");
    expect(await readFile(join(podDir, "volumes", "configmap", "picked", "conf/app.yaml"), "utf8")).toBe(
      "v: 1",
    );
    expect((await stat(join(podDir, "volumes", "configmap", "picked", "conf/app.yaml"))).mode & 0o777).toBe(
      0o600,
    );
    const creds = join(memoryRoot(podDir), "secret", "creds");
    expect(binds[2]).toBe(`${creds}:/var/run/creds:ro`);
    expect(await readFile(join(creds, "token"), "utf8")).toBe("t0k");
    expect((await stat(join(creds, "token"))).mode & 0o777).toBe(0o400);
    expect(binds[3]).toMatch(/\/\.\.v[^/]+\/app\.yaml:\/etc\/app\.yaml:ro$/);

    setConfigMap("app-config", { "app.yaml": "v: 2" });
    await prepareVolumes(p, podDir, lookups);
    expect(await readFile(join(cfg, "app.yaml"), "utf8")).toBe("v: 2");
    expect(existsSync(join(cfg, "extra"))).toBe(false);
    expect((await readdir(cfg)).filter((entry) => entry.startsWith("..v"))).toHaveLength(1);
    await cleanupVolumes(podDir);
  });

  it("writes downward API files and merges projected sources", async () => {
    setConfigMap("proj", { "app.yaml": "v: 1" });
    const p = create(PodSchema, {
      metadata: {
        namespace: "ns",
        name: "p",
        uid: "u",
        labels: { b: "2", a: "1" },
        annotations: { note: 'say "hi"' },
      },
      spec: {
        containers: [{ name: "app", resources: { limits: { memory: "64Mi" } } }],
        volumes: [
          {
            name: "info",
            downwardApi: {
              items: [
                { path: "labels", fieldRef: { fieldPath: "metadata.labels" } },
                { path: "note", fieldRef: { fieldPath: "metadata.annotations['note']" } },
                {
                  path: "mem",
                  resourceFieldRef: { containerName: "app", resource: "limits.memory", divisor: "1Mi" },
                },
              ],
            },
          },
          {
            name: "all",
            projected: {
              sources: [
                { configMap: { name: "proj" } },
                { secret: { name: "creds", items: [{ key: "token", path: "auth/token" }] } },
                { downwardApi: { items: [{ path: "name", fieldRef: { fieldPath: "metadata.name" } }] } },
              ],
            },
          },
        ],
      },
    });
    await prepareVolumes(p, podDir, lookups);
    const info = join(podDir, "volumes", "downward-api", "info");
    expect(await readFile(join(info, "labels"), "utf8")).toBe('a="1"\nb="2"');
    expect(await readFile(join(info, "note"), "utf8")).toBe('say "hi"');
    expect(await readFile(join(info, "mem"), "utf8")).toBe("64");
    const all = join(memoryRoot(podDir), "projected", "all");
    expect(await readFile(join(all, "app.yaml"), "utf8")).toBe("v: 1");
    expect(await readFile(join(all, "auth/token"), "utf8")).toBe("t0k");
    expect(await readFile(join(all, "name"), "utf8")).toBe("p");
    const nodeField = pod({
      volumes: [
        { name: "d", downwardApi: { items: [{ path: "n", fieldRef: { fieldPath: "spec.nodeName" } }] } },
      ],
    });
    await expect(prepareVolumes(nodeField, podDir, lookups)).rejects.toThrow(/only expose metadata/);
    await cleanupVolumes(podDir);
  });

  it("checks hostPath types", async () => {
    const made = join(root, "made");
    const file = join(root, "file");
    await writeFile(file, "x");
    const hostPath = (path: string, type: string) =>
      pod({
        volumes: [{ name: "h", hostPath: { path, type } }],
        containers: [{ name: "c", volumeMounts: [{ name: "h", mountPath: "/h" }] }],
      });
    expect((await prepareVolumes(hostPath(made, "DirectoryOrCreate"), podDir, lookups)).get("c")).toEqual([
      `${made}:/h`,
    ]);
    expect((await stat(made)).isDirectory()).toBe(true);
    await prepareVolumes(hostPath(join(root, "new-file"), "FileOrCreate"), podDir, lookups);
    expect((await stat(join(root, "new-file"))).isFile()).toBe(true);
    await expect(prepareVolumes(hostPath(file, "Directory"), podDir, lookups)).rejects.toThrow(
      `hostPath type check failed: ${file} is not a directory`,
    );
    await expect(prepareVolumes(hostPath(file, "Socket"), podDir, lookups)).rejects.toThrow(
      /is not a socket/,
    );
    await expect(prepareVolumes(hostPath(join(root, "absent"), "File"), podDir, lookups)).rejects.toThrow(
      /is not a file/,
    );
  });

  it("fails with FailedMount naming what is missing, and honours optional", async () => {
    const failing: [Spec, RegExp][] = [
      [{ volumes: [{ name: "c", configMap: { name: "nope" } }] }, /configmap "nope" not found/],
      [{ volumes: [{ name: "s", secret: { secretName: "nope" } }] }, /secret "nope" not found/],
      [
        { volumes: [{ name: "c", configMap: { name: "app-config", items: [{ key: "gone", path: "g" }] } }] },
        /non-existent key "gone"/,
      ],
      [
        {
          volumes: [
            { name: "c", configMap: { name: "app-config", items: [{ key: "app.yaml", path: "../escape" }] } },
          ],
        },
        /must not contain '\.\.'/,
      ],
      [
        { volumes: [{ name: "n", nfs: { server: "x", path: "/" } }] },
        /only emptyDir, hostPath, configMap, secret, downwardAPI and projected/,
      ],
      [
        { containers: [{ name: "c", volumeMounts: [{ name: "ghost", mountPath: "/g" }] }] },
        /unknown volume "ghost"/,
      ],
      [
        {
          volumes: [{ name: "e", emptyDir: {} }],
          containers: [{ name: "c", volumeMounts: [{ name: "e", mountPath: "/e", subPath: "../../etc" }] }],
        },
        /must not contain/,
      ],
    ];
    for (const [spec, message] of failing) {
      const error = await prepareVolumes(pod(spec), podDir, lookups).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(VolumeError);
      expect(error).toMatchObject({ reason: "FailedMount", message: expect.stringMatching(message) });
    }
    const optional = pod({
      volumes: [{ name: "c", configMap: { name: "nope", optional: true } }],
      containers: [{ name: "c", volumeMounts: [{ name: "c", mountPath: "/c" }] }],
    });
    await prepareVolumes(optional, podDir, lookups);
    const visible = (await readdir(join(podDir, "volumes", "configmap", "c"))).filter(
      (entry) => !entry.startsWith(".."),
    );
    expect(visible).toEqual([]);
  });
});

describe("prepareVolumes binds in a real container", () => {
  it("mounts a configMap read-only and an emptyDir writable", async () => {
    setConfigMap("real", { greeting: "hello" });
    const p = pod({
      volumes: [
        { name: "cfg", configMap: { name: "real" } },
        { name: "out", emptyDir: {} },
      ],
      containers: [
        {
          name: "app",
          volumeMounts: [
            { name: "cfg", mountPath: "/cfg" },
            { name: "out", mountPath: "/out" },
          ],
        },
      ],
    });
    const binds = (await prepareVolumes(p, podDir, lookups)).get("app") ?? [];
    const args = binds.flatMap((bind) => ["-v", bind]);
    const script =
      "cat /cfg/greeting; echo; echo written > /out/file; touch /cfg/x 2>/dev/null || echo read-only";
    const output = await docker([
      "run",
      "--rm",
      "--label",
      "capstan.test/volumes=1",
      ...args,
      await ensureTestImage(),
      "sh",
      "-c",
      script,
    ]);
    expect(output.split("\n")).toEqual(["hello", "read-only"]);
    expect(await readFile(join(podDir, "volumes", "empty-dir", "out", "file"), "utf8")).toBe("written\n");
    await cleanupVolumes(podDir);
  }, 60_000);
});
