import { describe } from "vitest";
import { describeEtcdConformance } from "./etcd-conformance.js";

describe("etcd store conformance (1 member)", () => {
  describeEtcdConformance(1);
});
