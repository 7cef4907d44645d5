import { freePort } from "@capstan/testing";
import { describe, expect, it } from "vitest";
import { createEtcdStore, type EtcdStoreOptions, StoreError } from "../index.js";

describe("createEtcdStore", () => {
  it("rejects bad options with invalid", async () => {
    const cases: unknown[] = [
      undefined,
      { endpoints: [] },
      { endpoints: "http://127.0.0.1:2379" },
      { endpoints: ["127.0.0.1:2379"] },
      { endpoints: ["http://127.0.0.1"] },
      { endpoints: ["http://127.0.0.1:2379"], requestTimeoutMs: 0 },
      { endpoints: ["http://127.0.0.1:2379"], logger: "console" },
    ];
    for (const options of cases) {
      await expect(createEtcdStore(options as EtcdStoreOptions), JSON.stringify(options)).rejects.toSatisfy(
        (error) => StoreError.is(error, "invalid"),
      );
    }
  });

  it("fails with unavailable when no member answers", async () => {
    const port = await freePort();
    await expect(
      createEtcdStore({ endpoints: [`http://127.0.0.1:${port}`], requestTimeoutMs: 2_000 }),
    ).rejects.toSatisfy((error) => StoreError.is(error, "unavailable"));
  });
});
