import { describe, expect, it } from "vitest";
import { backendKey } from "../model/service-ports.js";
import { Balancer } from "./balancer.js";

const a = { ip: "10.0.0.1", port: 80 };
const b = { ip: "10.0.0.2", port: 80 };
const c = { ip: "10.0.0.3", port: 80 };

function picks(balancer: Balancer, count: number, client = "192.0.2.1"): string[] {
  return Array.from({ length: count }, () => balancer.pick(client)?.ip ?? "none");
}

describe("Balancer", () => {
  it("goes round robin over the ready backends", () => {
    const balancer = new Balancer(0);
    balancer.update([a, b, c]);
    expect(picks(balancer, 6)).toEqual([
      "10.0.0.1",
      "10.0.0.2",
      "10.0.0.3",
      "10.0.0.1",
      "10.0.0.2",
      "10.0.0.3",
    ]);
  });

  it("never picks a removed backend, and none when there are none", () => {
    const balancer = new Balancer(0);
    balancer.update([a, b, c]);
    balancer.update([a, c]);
    expect(new Set(picks(balancer, 4))).toEqual(new Set(["10.0.0.1", "10.0.0.3"]));
    balancer.update([]);
    expect(balancer.pick("192.0.2.1")).toBeUndefined();
  });

  it("skips excluded backends (those that just refused)", () => {
    const balancer = new Balancer(0);
    balancer.update([a, b]);
    const excluded = new Set([backendKey(a)]);
    expect([balancer.pick("x", excluded), balancer.pick("x", excluded)]).toEqual([b, b]);
    expect(balancer.pick("x", new Set([backendKey(a), backendKey(b)]))).toBeUndefined();
  });

  it("keeps a client on its backend until the affinity times out from the last use", () => {
    let now = 0;
    const balancer = new Balancer(10_000, () => now);
    balancer.update([a, b, c]);
    const first = balancer.pick("192.0.2.7");
    expect(picks(balancer, 5, "192.0.2.7")).toEqual(Array(5).fill(first?.ip));
    expect(balancer.pick("192.0.2.8")).not.toEqual(first);
    now = 9_000;
    expect(balancer.pick("192.0.2.7")).toEqual(first);
    now = 18_500;
    expect(balancer.pick("192.0.2.7")).toEqual(first);
  });

  it("lets the affinity run out after the timeout without use", () => {
    let now = 0;
    const balancer = new Balancer(10_000, () => now);
    balancer.update([a, b]);
    expect(balancer.pick("192.0.2.7")).toEqual(a);
    now = 9_999;
    expect(balancer.pick("192.0.2.7")).toEqual(a);
    now = 20_000;
    expect(balancer.pick("192.0.2.7")).toEqual(b);
  });

  it("moves a sticky client when its backend goes away or refuses", () => {
    const balancer = new Balancer(60_000);
    balancer.update([a, b]);
    const first = balancer.pick("c1");
    const other = first === a ? b : a;
    expect(balancer.pick("c1", new Set([backendKey(first ?? a)]))).toEqual(other);
    balancer.update([other]);
    expect(balancer.pick("c1")).toEqual(other);
  });

  it("refuses a negative timeout", () => {
    expect(() => new Balancer(-1)).toThrow(RangeError);
  });
});
