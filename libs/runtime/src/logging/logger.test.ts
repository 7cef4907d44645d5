import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../config/config-error.js";
import { createLogger } from "./logger.js";
import { objectContext, objectKey } from "./object-context.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

describe("createLogger", () => {
  it("writes JSON lines carrying the component, level name, ISO time and object context", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ component: "scheduler", destination, env: {} });
    logger.child(objectContext({ kind: "Pod", namespace: "default", name: "web" })).info("bound");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      component: "scheduler",
      level: "info",
      kind: "Pod",
      object: "default/web",
      msg: "bound",
    });
    expect(new Date(String(lines[0]?.time)).toISOString()).toBe(lines[0]?.time);
  });

  it("takes the level from the option, else CAPSTAN_LOG_LEVEL, else info", () => {
    expect(createLogger({ component: "x", env: {} }).level).toBe("info");
    expect(createLogger({ component: "x", env: { CAPSTAN_LOG_LEVEL: "DEBUG" } }).level).toBe("debug");
    expect(createLogger({ component: "x", level: "warn", env: { CAPSTAN_LOG_LEVEL: "debug" } }).level).toBe(
      "warn",
    );
    const { lines, destination } = capture();
    const logger = createLogger({ component: "x", level: "warn", destination, env: {} });
    logger.info("dropped");
    logger.warn("kept");
    expect(lines.map((line) => line.msg)).toEqual(["kept"]);
  });

  it("serialises errors under err with message, stack and cause", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ component: "x", destination, env: {} });
    logger.error({ err: new Error("outer", { cause: new Error("inner") }) }, "failed");
    const err = lines[0]?.err as Record<string, unknown>;
    expect(err.message).toContain("outer");
    expect(String(err.stack)).toContain("logger.test.ts");
  });

  it("rejects an unknown level or an empty component with a ConfigError", () => {
    expect(() => createLogger({ component: "x", level: "loud", env: {} })).toThrow(ConfigError);
    expect(() => createLogger({ component: "x", env: { CAPSTAN_LOG_LEVEL: "loud" } })).toThrow(
      /CAPSTAN_LOG_LEVEL: expected one of trace, debug/,
    );
    expect(() => createLogger({ component: " ", env: {} })).toThrow(ConfigError);
  });
});

describe("objectKey", () => {
  it("is namespace/name, or the bare name for cluster-scoped objects", () => {
    expect(objectKey("default", "web")).toBe("default/web");
    expect(objectKey(undefined, "node-1")).toBe("node-1");
    expect(objectContext({ kind: "Node", name: "node-1" })).toEqual({ kind: "Node", object: "node-1" });
  });
});
