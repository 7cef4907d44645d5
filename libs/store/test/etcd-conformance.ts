import { type EtcdCluster, startEtcd } from "@capstan/testing";
import { afterAll, beforeAll } from "vitest";
import { createEtcdStore } from "../src/index.js";
import { describeStoreConformance } from "./conformance/index.js";

/**
 * Inside a describe block: starts a real etcd cluster of `members` before its tests, stops it after,
 * and runs the store conformance suite against it. Returns the running cluster for further tests.
 */
export function describeEtcdConformance(members: 1 | 3): () => EtcdCluster {
  let etcd: EtcdCluster | undefined;
  const cluster = (): EtcdCluster => {
    if (!etcd) throw new Error("the etcd cluster is not running");
    return etcd;
  };
  beforeAll(async () => {
    etcd = await startEtcd({ members });
  });
  afterAll(() => etcd?.stop());

  const open = () => createEtcdStore({ endpoints: cluster().endpoints });
  describeStoreConformance({
    open,
    casIncrements: 2,
    async crashTarget() {
      return { writer: { driver: "etcd", endpoints: cluster().endpoints }, reopen: open };
    },
  });
  return cluster;
}
