import { type EtcdCluster, startEtcd } from "@capstan/testing";
import { afterAll, beforeAll, describe } from "vitest";
import { createEtcdStore } from "../src/index.js";
import { describeStoreConformance } from "./conformance/index.js";

describe("etcd store conformance (1 member)", () => {
  let etcd: EtcdCluster;
  beforeAll(async () => {
    etcd = await startEtcd({ members: 1 });
  });
  afterAll(() => etcd?.stop());

  describeStoreConformance({
    open: () => createEtcdStore({ endpoints: etcd.endpoints }),
    casIncrements: 2,
    async crashTarget() {
      return {
        writer: { driver: "etcd", endpoints: etcd.endpoints },
        reopen: () => createEtcdStore({ endpoints: etcd.endpoints }),
      };
    },
  });
});
