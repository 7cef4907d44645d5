import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configMap, TABLE_ACCEPT } from "./fixtures.js";
import { startTestServer, type TestServer } from "./harness.js";

let t: TestServer;
const NS = "/api/v1/namespaces/paging/configmaps";
beforeAll(async () => {
  t = await startTestServer();
  await t.json("POST", "/api/v1/namespaces", {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "paging" },
  });
  for (let i = 0; i < 12; i++) {
    const name = `cm-${String(i).padStart(2, "0")}`;
    await t.json(
      "POST",
      NS,
      configMap(
        name,
        { i: String(i) },
        { parity: i % 2 === 0 ? "even" : "odd", tier: i < 6 ? "low" : "high" },
      ),
    );
  }
});
afterAll(async () => {
  await t?.stop();
});

type ListBody = {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; continue?: string };
  items: { metadata: { name: string } }[];
};
const list = async (query: string) => {
  const response = await t.json("GET", `${NS}?${query}`);
  return { status: response.status, body: response.body as unknown as ListBody, raw: response.body };
};
const names = (body: ListBody) => body.items.map((item) => item.metadata.name);

describe("list", () => {
  it("answers a <Kind>List with a string resourceVersion", async () => {
    const { body } = await list("");
    expect(body).toMatchObject({ kind: "ConfigMapList", apiVersion: "v1" });
    expect(body.metadata.resourceVersion).toMatch(/^[0-9]+$/);
    expect(names(body)).toHaveLength(12);
  });

  it("pages through a consistent snapshot with limit and continue", async () => {
    const first = await list("limit=5");
    expect(names(first.body)).toEqual(["cm-00", "cm-01", "cm-02", "cm-03", "cm-04"]);
    expect(first.body.metadata.continue).toBeTruthy();
    await t.json("POST", NS, configMap("cm-99"));
    await t.json("DELETE", `${NS}/cm-07`);
    const second = await list(`limit=5&continue=${first.body.metadata.continue}`);
    const third = await list(`limit=5&continue=${second.body.metadata.continue}`);
    expect(second.body.metadata.resourceVersion).toBe(first.body.metadata.resourceVersion);
    expect([...names(second.body), ...names(third.body)]).toEqual([
      "cm-05",
      "cm-06",
      "cm-07",
      "cm-08",
      "cm-09",
      "cm-10",
      "cm-11",
    ]);
    expect(third.body.metadata.continue).toBeUndefined();
    await t.json("POST", NS, configMap("cm-07", { i: "7" }, { parity: "odd", tier: "high" }));
    await t.json("DELETE", `${NS}/cm-99`);
  });

  it("filters with label and field selectors, also across pages", async () => {
    expect(names((await list("labelSelector=parity%3Deven,tier%3Dhigh")).body)).toEqual([
      "cm-06",
      "cm-08",
      "cm-10",
    ]);
    expect(names((await list("labelSelector=tier%20notin%20(high),parity!%3Deven")).body)).toEqual([
      "cm-01",
      "cm-03",
      "cm-05",
    ]);
    expect(names((await list("fieldSelector=metadata.name%3Dcm-03")).body)).toEqual(["cm-03"]);
    expect(names((await list("fieldSelector=metadata.namespace!%3Dpaging")).body)).toEqual([]);
    const page = await list("labelSelector=parity%3Dodd&limit=2");
    expect(names(page.body)).toEqual(["cm-01", "cm-03"]);
    const next = await list(`labelSelector=parity%3Dodd&limit=10&continue=${page.body.metadata.continue}`);
    expect(names(next.body)).toEqual(["cm-05", "cm-07", "cm-09", "cm-11"]);
  });

  it("lists across all namespaces", async () => {
    const response = await t.json("GET", "/api/v1/configmaps?labelSelector=tier");
    expect((response.body.items as unknown[]).length).toBe(12);
  });

  it.each([
    ["labelSelector=a%20in%20(", 400],
    ["fieldSelector=spec.foo%3Dbar", 400],
    ["fieldSelector=nonsense", 400],
    ["limit=-1", 400],
    ["limit=abc", 400],
    ["continue=garbage", 400],
    ["resourceVersionMatch=Exact", 400],
    ["resourceVersion=abc", 400],
    ["resourceVersion=99999999&resourceVersionMatch=NotOlderThan", 504],
  ])("refuses %s with %i and a Status", async (query, code) => {
    const response = await list(query);
    expect(response.status).toBe(code);
    expect(response.raw).toMatchObject({ kind: "Status", status: "Failure", code });
  });

  it("reads an exact past revision, and answers 410 once it is compacted", async () => {
    const before = await list("");
    await t.json("DELETE", `${NS}/cm-00`);
    const exact = await list(
      `resourceVersion=${before.body.metadata.resourceVersion}&resourceVersionMatch=Exact`,
    );
    expect(names(exact.body)).toContain("cm-00");
    const page = await list("limit=3");
    await t.json("POST", NS, configMap("cm-00"));
    await t.store.compact(await t.store.currentRevision());
    const expired = await list(`limit=3&continue=${page.body.metadata.continue}`);
    expect(expired.status).toBe(410);
    expect(expired.raw).toMatchObject({ reason: "Expired", code: 410 });
    const old = await list(
      `resourceVersion=${before.body.metadata.resourceVersion}&resourceVersionMatch=Exact`,
    );
    expect(old.status).toBe(410);
  });

  it("answers a Table with resourceVersion, continue and the full object on includeObject=Object", async () => {
    const response = await t.request(`${NS}?limit=2&includeObject=Object`, {
      headers: { accept: TABLE_ACCEPT },
    });
    const table = (await response.json()) as Record<string, unknown> & {
      rows: { cells: unknown[]; object: Record<string, unknown> }[];
    };
    expect(table).toMatchObject({
      kind: "Table",
      apiVersion: "meta.k8s.io/v1",
      metadata: { resourceVersion: expect.any(String), continue: expect.any(String) },
    });
    expect(table.rows).toHaveLength(2);
    expect(table.rows[0]?.object).toMatchObject({ kind: "ConfigMap", data: expect.any(Object) });
    const single = await t.request(`${NS}/cm-05`, { headers: { accept: TABLE_ACCEPT } });
    expect(await single.json()).toMatchObject({
      kind: "Table",
      columnDefinitions: [{ name: "Name" }, { name: "Data" }, { name: "Age" }],
      rows: [{ cells: ["cm-05", 1, expect.stringMatching(/^[0-9]+s$/)] }],
    });
  });
});
