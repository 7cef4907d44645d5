import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { ChangeSchema } from "@capstan/api";
import { type Bus, changeFilter, connectNatsBus, type StreamSubscription } from "@capstan/bus";
import { type NatsServer, startNats, waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiServerProcess,
  failedApiServerProcess,
  startApiServerProcess,
} from "./support/apiserver-process.js";
import { requestJson, stringAt } from "./support/http.js";
import { silentLogger } from "./support/logger.js";
import { podManifest } from "./support/manifests.js";

let nats: NatsServer;
let dir: string;
let bus: Bus;
let subscription: StreamSubscription;
/** What the subscriber received: `<revision> <type> <name>`. */
const received: string[] = [];
let reading: Promise<void>;

beforeAll(async () => {
  nats = await startNats();
  dir = await mkdtemp(join(tmpdir(), "capstan-feed-restart-"));
  bus = await connectNatsBus({ servers: nats.url, name: "feed-subscriber", logger: silentLogger });
});
afterAll(async () => {
  await subscription?.close();
  await reading;
  await bus?.close();
  await nats?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every change the subscriber will see, in order: the revision each write answered. */
const expected: string[] = [];

/** Creates, updates and deletes pods through the REST API, recording each change's revision. */
async function writeChanges(url: string, prefix: string): Promise<void> {
  const pods = "/api/v1/namespaces/default/pods";
  for (let i = 0; i < 5; i++) {
    const created = await requestJson(url, "POST", pods, podManifest(`${prefix}-${i}`));
    expect(created.status).toBe(201);
    expected.push(`${stringAt(created.body, "metadata.resourceVersion")} ADDED ${prefix}-${i}`);
  }
  for (const i of [0, 1]) {
    const patched = await requestJson(
      url,
      "PATCH",
      `${pods}/${prefix}-${i}`,
      { metadata: { labels: { step: "2" } } },
      {
        "content-type": "application/merge-patch+json",
      },
    );
    expect(patched.status).toBe(200);
    expected.push(`${stringAt(patched.body, "metadata.resourceVersion")} MODIFIED ${prefix}-${i}`);
  }
  const deleted = await requestJson(url, "DELETE", `${pods}/${prefix}-4`);
  expect(deleted.status).toBe(200);
  expected.push(`${stringAt(deleted.body, "metadata.resourceVersion")} DELETED ${prefix}-4`);
}

describe.sequential("the change feed across apiserver restarts (separate processes)", () => {
  let apiserver: ApiServerProcess | undefined;
  afterAll(async () => {
    await apiserver?.stop();
  });

  it("a NATS subscriber sees every change once, in revision order, across SIGTERM and SIGKILL", async () => {
    apiserver = await startApiServerProcess({ dataDir: dir, nats: nats.url });
    subscription = await bus.consume({
      from: { seq: 1 },
      filter: changeFilter({ group: "", resource: "pods" }),
    });
    reading = (async () => {
      for await (const event of subscription) {
        if (event.type === "gap") {
          received.push(`gap ${event.fromSeq}-${event.toSeq}`);
          continue;
        }
        const change = fromBinary(ChangeSchema, event.payload);
        received.push(`${change.revision} ${change.type} ${change.name}`);
      }
    })();

    await writeChanges(apiserver.url, "first");
    // Stop right after the writes: what the publisher had not sent yet, the next one must.
    expect(await apiserver.stop()).toBe(0);
    apiserver = await startApiServerProcess({ dataDir: dir, nats: nats.url });
    await writeChanges(apiserver.url, "second");
    await apiserver.kill();
    apiserver = await startApiServerProcess({ dataDir: dir, nats: nats.url });
    await writeChanges(apiserver.url, "third");

    await waitFor(() => received.length >= expected.length, {
      timeoutMs: 15_000,
      description: `${expected.length} changes (have ${received.length})`,
    });
    expect(received).toEqual(expected);
    const revisions = received.map((line) => Number(line.split(" ")[0]));
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
  });

  it("refuses a second apiserver on the same SQLite file, saying why", async () => {
    const second = await failedApiServerProcess({ dataDir: dir });
    expect(second.code).toBe(1);
    expect(second.output).toContain("is in use by another process");
    expect(second.output).not.toMatch(/^READY /m);
    const still = await requestJson(apiserver?.url ?? "", "GET", "/api/v1/namespaces/default/pods");
    expect(still.status).toBe(200);
  });
});
