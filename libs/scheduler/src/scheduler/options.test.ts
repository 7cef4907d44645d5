import { ApiError } from "@capstan/apimachinery";
import { createGrpcTransport } from "@capstan/client";
import { createLogger } from "@capstan/runtime";
import { describe, expect, it } from "vitest";
import { createApiWriter } from "./api-writer.js";
import { createScheduler } from "./scheduler.js";

describe("bad options", () => {
  it("createApiWriter rejects a relative or malformed URL with a typed error", () => {
    expect(() => createApiWriter("not a url", "s")).toThrow(ApiError);
  });

  it("createScheduler rejects missing parts with a typed error", () => {
    const logger = createLogger({ component: "test", level: "silent" });
    const transport = createGrpcTransport({ address: "127.0.0.1:1" });
    try {
      expect(() => createScheduler({ transport, restUrl: "", logger })).toThrow(ApiError);
      expect(() => createScheduler({} as never)).toThrow(ApiError);
    } finally {
      transport.close();
    }
  });
});
