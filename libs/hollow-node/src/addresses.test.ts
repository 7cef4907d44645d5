import { describe, expect, it } from "vitest";
import { hostIpOf, PodIpPool, podCidrOf } from "./addresses.js";

describe("address plan", () => {
  it("gives every node its own host IP and /24", () => {
    expect(hostIpOf(0)).toBe("172.16.0.1");
    expect(hostIpOf(65_535)).toBe("172.17.0.0");
    expect(podCidrOf(0)).toBe("10.64.0.0/24");
    expect(podCidrOf(49_151)).toBe("10.255.255.0/24");
  });

  it("hands out 254 pod IPs per node and reuses released ones", () => {
    const pool = new PodIpPool(3);
    const taken = Array.from({ length: 254 }, () => pool.take());
    expect(new Set(taken).size).toBe(254);
    expect(taken[0]).toBe("10.64.3.1");
    expect(pool.take()).toBeUndefined();
    pool.release("10.64.3.7");
    pool.release("10.64.3.7");
    pool.release("10.64.4.1");
    expect(pool.take()).toBe("10.64.3.7");
    expect(pool.take()).toBeUndefined();
  });
});
