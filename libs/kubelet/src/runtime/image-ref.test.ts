import { describe, expect, it } from "vitest";
import { effectivePullPolicy, parseImageRef } from "./image-ref.js";
import { RuntimeError } from "./runtime-error.js";

describe("parseImageRef", () => {
  it("adds :latest to a bare name and keeps tags and digests", () => {
    expect(parseImageRef("busybox").normalized).toBe("busybox:latest");
    expect(parseImageRef("127.0.0.1:5000/library/busybox:1.36").normalized).toBe(
      "127.0.0.1:5000/library/busybox:1.36",
    );
    const digest = `busybox@sha256:${"a".repeat(64)}`;
    expect(parseImageRef(digest)).toMatchObject({ normalized: digest, latest: false });
    expect(parseImageRef("busybox:latest").latest).toBe(true);
  });

  it.each(["", "Busybox", "bad name", "a//b", "x:", 42, undefined])(
    "refuses %j as InvalidImageName",
    (image) => {
      expect(() => parseImageRef(image)).toThrow(RuntimeError);
      try {
        parseImageRef(image);
      } catch (error) {
        expect((error as RuntimeError).reason).toBe("InvalidImageName");
      }
    },
  );
});

describe("effectivePullPolicy", () => {
  it("defaults to Always for latest and IfNotPresent for a tag", () => {
    expect(effectivePullPolicy(undefined, parseImageRef("busybox"))).toBe("Always");
    expect(effectivePullPolicy("", parseImageRef("busybox:1"))).toBe("IfNotPresent");
    expect(effectivePullPolicy("Never", parseImageRef("busybox"))).toBe("Never");
    expect(() => effectivePullPolicy("Sometimes", parseImageRef("busybox"))).toThrow(RuntimeError);
  });
});
