import { describe, expect, it } from "vitest";
import { parseIpRange } from "./ip-range.js";
import { ipStaticBand, pickFree, portStaticBand } from "./pick.js";
import { parsePortRange } from "./port-range.js";

describe("service IP ranges", () => {
  it("leave out the network and broadcast addresses", () => {
    const range = parseIpRange("10.96.0.0/12");
    expect(range.size).toBe(2 ** 20 - 2);
    expect(range.at(0)).toBe("10.96.0.1");
    expect(range.at(range.size - 1)).toBe("10.111.255.254");
    expect(range.offsetOf("10.96.0.10")).toBe(9);
    expect(range.offsetOf("10.96.0.0")).toBeUndefined();
    expect(range.offsetOf("10.112.0.1")).toBeUndefined();
    expect(range.offsetOf("not an ip")).toBeUndefined();
    expect(() => range.at(range.size)).toThrow(RangeError);
  });

  it("refuse malformed ranges with the reason", () => {
    expect(() => parseIpRange("10.96.0.1/12")).toThrow(
      /host bits are set \(did you mean 10\.96\.0\.0\/12\?\)/,
    );
    expect(() => parseIpRange("10.96.0.0")).toThrow(/want an IPv4 CIDR/);
    expect(() => parseIpRange("fd00::/108")).toThrow(/want an IPv4 CIDR/);
    expect(() => parseIpRange("10.0.0.0/31")).toThrow(/between \/8 and \/30/);
    expect(() => parseIpRange(12)).toThrow(TypeError);
  });
});

describe("node port ranges", () => {
  it("parse MIN-MAX", () => {
    expect(parsePortRange("30000-32767")).toEqual({
      min: 30000,
      max: 32767,
      size: 2768,
      text: "30000-32767",
    });
    for (const bad of ["32767-30000", "0-10", "1-70000", "30000", 5])
      expect(() => parsePortRange(bad)).toThrow(TypeError);
  });
});

describe("picking a free value", () => {
  it("prefers the upper band and falls back to the static band once it is full", () => {
    const taken = new Set([4, 5, 6, 7, 8, 9]);
    expect(pickFree(10, 4, taken, () => 0)).toBe(0);
    expect(pickFree(10, 4, new Set(), () => 0)).toBe(4);
    expect(pickFree(10, 4, new Set(), () => 0.99)).toBe(9);
    expect(pickFree(10, 4, new Set([...taken, 0, 1, 2, 3]))).toBeUndefined();
  });

  it("sizes the static bands as Kubernetes does", () => {
    expect(ipStaticBand(2 ** 20 - 2)).toBe(256);
    expect(ipStaticBand(254)).toBe(16);
    expect(portStaticBand(2768)).toBe(86);
  });
});
