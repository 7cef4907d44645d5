import { LeaseService } from "@capstan/api";
import { startTestApiServer, type TestApiServer } from "@capstan/apiserver/testing";
import { createGrpcClient } from "@capstan/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grpcLeases, LeaderElectionConfigError, LeaseConflictError, type LeaseRecord } from "../src/index.js";

const record: LeaseRecord = {
  holderIdentity: "a",
  leaseDurationSeconds: 15,
  acquireTime: new Date("2026-01-01T00:00:00.123Z"),
  renewTime: new Date("2026-01-01T00:00:05.456Z"),
  leaseTransitions: 3,
};

describe("grpcLeases against a real apiserver", () => {
  let api: TestApiServer;
  beforeAll(async () => {
    api = await startTestApiServer();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it("round-trips a record and turns 409s into LeaseConflictError", async () => {
    const leases = grpcLeases(createGrpcClient(LeaseService, api.transport));
    const ref = { namespace: "default", name: "adapter" };
    expect(await leases.get(ref)).toBeUndefined();
    const created = await leases.create(ref, record);
    expect(created.record).toEqual(record);
    expect(await leases.get(ref)).toEqual(created);
    await expect(leases.create(ref, record)).rejects.toBeInstanceOf(LeaseConflictError);

    const updated = await leases.update(ref, { ...record, holderIdentity: "b" }, created.resourceVersion);
    expect(updated.record.holderIdentity).toBe("b");
    expect(updated.resourceVersion).not.toBe(created.resourceVersion);
    await expect(leases.update(ref, record, created.resourceVersion)).rejects.toBeInstanceOf(
      LeaseConflictError,
    );
  });

  it("rejects something that is not a client", () => {
    expect(() => grpcLeases(null as never)).toThrow(LeaderElectionConfigError);
  });
});
