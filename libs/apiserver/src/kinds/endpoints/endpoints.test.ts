import { type Endpoints, EndpointsSchema } from "@capstan/api";
import { formatFieldError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { kindFixture } from "../../../test/kind-fixture.js";

const { strategy, defaulted } = kindFixture("v1", "Endpoints", EndpointsSchema);

function endpoints(subsets: unknown[]): Endpoints {
  return defaulted({ metadata: { name: "web", namespace: "default" }, subsets });
}

function cell(object: Endpoints): unknown {
  return strategy.columns[0]?.cell(object, new Date());
}

describe("endpoints", () => {
  it("validate addresses and ports, defaulting protocol TCP", () => {
    const object = endpoints([
      { addresses: [{ ip: "10.0.0.300" }], ports: [{ port: 80 }, { name: "b", port: 0 }] },
    ]);
    expect(object.subsets[0]?.ports[0]?.protocol).toBe("TCP");
    expect(strategy.validate(object).map(formatFieldError)).toEqual([
      'subsets[0].addresses[0].ip: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      "subsets[0].ports[0].name: Required value",
      "subsets[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
    ]);
  });

  it("print up to three endpoints, then how many more", () => {
    expect(cell(endpoints([]))).toBe("<none>");
    expect(
      cell(endpoints([{ addresses: [{ ip: "10.0.0.1" }, { ip: "fd00::1" }], ports: [{ port: 80 }] }])),
    ).toBe("10.0.0.1:80,[fd00::1]:80");
    const many = endpoints([
      {
        addresses: [{ ip: "10.0.0.1" }, { ip: "10.0.0.2" }],
        ports: [
          { name: "a", port: 80 },
          { name: "b", port: 443 },
        ],
      },
    ]);
    expect(cell(many)).toBe("10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...");
    expect(cell(endpoints([{ addresses: [{ ip: "10.0.0.1" }] }]))).toBe("10.0.0.1");
  });
});
