import { ConfigError } from "@capstan/runtime";
import { describe, expect, it } from "vitest";
import type { ControllerDescriptor } from "./controller.js";
import { createControllerRegistry } from "./controller-registry.js";

const descriptor = (name: string, enabledByDefault?: boolean): ControllerDescriptor => ({
  name,
  create: () => ({ name, run: async () => {} }),
  ...(enabledByDefault === undefined ? {} : { enabledByDefault }),
});

const registry = createControllerRegistry([
  descriptor("replicaset"),
  descriptor("deployment"),
  descriptor("job"),
  descriptor("bootstrap-signer", false),
]);
const names = (spec: string[]) => registry.select(spec).map((d) => d.name);

describe("controller registry", () => {
  it("enables every default controller for * and for an empty list", () => {
    expect(names(["*"])).toEqual(["replicaset", "deployment", "job"]);
    expect(names([])).toEqual(["replicaset", "deployment", "job"]);
  });

  it("reads -name as off and name as on, in registration order", () => {
    expect(names(["*", "-job"])).toEqual(["replicaset", "deployment"]);
    expect(names(["-job", "*"])).toEqual(["replicaset", "deployment"]);
    expect(names(["*", "bootstrap-signer"])).toEqual(["replicaset", "deployment", "job", "bootstrap-signer"]);
    expect(names(["job", "replicaset"])).toEqual(["replicaset", "job"]);
  });

  it("rejects unknown names and bad registrations with ConfigError", () => {
    expect(() => names(["*", "-jobs"])).toThrow(ConfigError);
    expect(() => createControllerRegistry([descriptor("job"), descriptor("job")])).toThrow(ConfigError);
    expect(() => createControllerRegistry([descriptor("Bad Name")])).toThrow(ConfigError);
    expect(() => createControllerRegistry("x" as unknown as ControllerDescriptor[])).toThrow(ConfigError);
  });
});
