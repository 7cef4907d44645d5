import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startTestApiServer, type TestApiServer } from "@capstan/apiserver/testing";
import { freePort } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKubectl, type Kubectl } from "./support/kubectl.js";

const MAKE_PKI = fileURLToPath(new URL("../../deploy/scripts/make-pki.sh", import.meta.url));

/** GET over HTTPS trusting only `ca`; resolves with the status and the parsed JSON body. */
function get(
  url: string,
  ca: Buffer,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers = token ? { authorization: `Bearer ${token}` } : undefined;
    const req = request(url, { ca, headers }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: text.startsWith("{") ? JSON.parse(text) : {} }),
      );
    });
    req.once("error", reject);
    req.end();
  });
}

describe("the apiserver with TLS and bearer tokens, driven by the real kubectl", () => {
  let pki: string;
  let server: TestApiServer;
  let kubectl: Kubectl;
  let ca: Buffer;
  let adminToken: string;
  let insecurePort: number;

  beforeAll(async () => {
    pki = await mkdtemp(join(tmpdir(), "capstan-pki-"));
    await promisify(execFile)("sh", [MAKE_PKI, pki]);
    ca = await readFile(join(pki, "ca.crt"));
    const tokens = await readFile(join(pki, "tokens.csv"), "utf8");
    adminToken =
      tokens
        .split("\n")
        .find((line) => line.includes(",admin,"))
        ?.split(",")[0] ?? "";
    insecurePort = await freePort();
    server = await startTestApiServer({
      flags: [
        `--insecure-port=${insecurePort}`,
        `--tls-cert-file=${join(pki, "apiserver.crt")}`,
        `--tls-private-key-file=${join(pki, "apiserver.key")}`,
        `--token-auth-file=${join(pki, "tokens.csv")}`,
      ],
    });
    kubectl = await createKubectl(server.restUrl);
  });

  afterAll(async () => {
    await kubectl?.dispose();
    await server?.stop();
    if (pki) await rm(pki, { recursive: true, force: true });
  });

  const trusted = () => [`--certificate-authority=${join(pki, "ca.crt")}`];

  it("serves HTTPS with a certificate of the cluster CA", () => {
    expect(server.restUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(adminToken).toMatch(/^[0-9a-f]{48}$/);
  });

  it("lets kubectl with the admin token and the CA work", async () => {
    await kubectl.ok([...trusted(), `--token=${adminToken}`, "create", "namespace", "auth-ok"]);
    expect(
      await kubectl.ok([...trusted(), `--token=${adminToken}`, "get", "namespace", "auth-ok", "-o", "name"]),
    ).toBe("namespace/auth-ok\n");
  });

  it("works from the generated admin kubeconfig", async () => {
    const out = await kubectl.ok([
      `--kubeconfig=${join(pki, "admin.kubeconfig")}`,
      `--server=${server.restUrl}`,
      "get",
      "ns",
      "default",
      "-o",
      "name",
    ]);
    expect(out).toBe("namespace/default\n");
  });

  it("refuses kubectl without a token and with a wrong one", async () => {
    // With no credentials at all, kubectl answers a 401 by prompting for a username (stdin is empty).
    const anonymous = await kubectl.run([...trusted(), "get", "namespaces"]);
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stdout + anonymous.stderr).toMatch(/Please enter Username/);
    expect(await kubectl.fails([...trusted(), "--token=not-a-token", "get", "namespaces"])).toMatch(
      /Unauthorized/,
    );
  });

  it("is not trusted by a kubectl that lacks the CA", async () => {
    expect(await kubectl.fails([`--token=${adminToken}`, "get", "namespaces"])).toMatch(/certificate/);
  });

  it("answers unauthenticated API requests with a 401 Status, and health checks without a token", async () => {
    const refused = await get(`${server.restUrl}/api/v1/namespaces`, ca);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "Unauthorized",
      code: 401,
    });
    expect((await get(`${server.restUrl}/api/v1/namespaces`, ca, "wrong")).status).toBe(401);
    expect((await get(`${server.restUrl}/readyz`, ca)).status).toBe(200);
    expect((await get(`${server.restUrl}/api/v1/namespaces`, ca, adminToken)).status).toBe(200);
  });

  it("serves the same API in plain HTTP without a token on the insecure port", async () => {
    const response = await fetch(`http://127.0.0.1:${insecurePort}/api/v1/namespaces/default`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ kind: "Namespace", metadata: { name: "default" } });
  });
});
