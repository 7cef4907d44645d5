import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { startEtcd } from "./index.js";

/** Writes and reads one key through etcd's JSON gateway, to prove the member serves requests. */
async function putAndGet(clientUrl: string, key: string, value: string): Promise<string | undefined> {
  const b64 = (text: string) => Buffer.from(text).toString("base64");
  const post = async (path: string, body: object): Promise<unknown> => {
    const response = await fetch(`${clientUrl}${path}`, { method: "POST", body: JSON.stringify(body) });
    return response.json();
  };
  await post("/v3/kv/put", { key: b64(key), value: b64(value) });
  const got = (await post("/v3/kv/range", { key: b64(key) })) as { kvs?: { value: string }[] };
  const stored = got.kvs?.[0]?.value;
  return stored === undefined ? undefined : Buffer.from(stored, "base64").toString();
}

describe("startEtcd", () => {
  it("starts one member that serves reads and writes, and removes its data on stop", async () => {
    const etcd = await startEtcd();
    const member = etcd.members[0];
    try {
      expect(etcd.endpoints).toHaveLength(1);
      expect(member?.running).toBe(true);
      expect(await putAndGet(etcd.endpoints[0] ?? "", "/harness", "one")).toBe("one");
    } finally {
      await etcd.stop();
    }
    expect(existsSync(member?.dataDir ?? "")).toBe(false);
  });

  it("runs three members that keep serving while one is killed, and restarts it", async () => {
    const etcd = await startEtcd({ members: 3 });
    try {
      expect(etcd.endpoints).toHaveLength(3);
      await etcd.killMember(0);
      expect(etcd.members[0]?.running).toBe(false);
      await etcd.waitHealthy();
      expect(await putAndGet(etcd.endpoints[1] ?? "", "/while-down", "two")).toBe("two");
      await etcd.restartMember(0);
      expect(etcd.members[0]?.running).toBe(true);
      expect(await putAndGet(etcd.endpoints[0] ?? "", "/after-restart", "three")).toBe("three");
    } finally {
      await etcd.stop();
    }
  });

  it("rejects a cluster size other than 1 or 3", async () => {
    await expect(startEtcd({ members: 2 as 1 })).rejects.toThrow(/members must be 1 or 3/);
  });
});
