import { create } from "@bufbuild/protobuf";
import { ApiError } from "@capstan/apimachinery";
import { HealthCheckRequestSchema, ServingStatus } from "@capstan/client";
import { Metadata } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { HealthRegistry } from "./health.js";

function request(service: string) {
  return create(HealthCheckRequestSchema, { service });
}

function context(signal: AbortSignal) {
  return { signal, metadata: new Metadata(), path: "/grpc.health.v1.Health/Watch", peer: "test" };
}

describe("health registry", () => {
  it("checks known services and refuses unknown ones with NotFound", async () => {
    const health = new HealthRegistry();
    health.set("", ServingStatus.SERVING);
    const { check } = health.implementation();
    const signal = new AbortController().signal;
    expect(await check(request(""), context(signal))).toEqual({ status: ServingStatus.SERVING });
    expect(() => check(request("x.Y"), context(signal))).toThrow(ApiError);
  });

  it("streams the current status, then each change, until the watcher leaves", async () => {
    const health = new HealthRegistry();
    const controller = new AbortController();
    const seen: number[] = [];
    const stream = health
      .implementation()
      .watch(request("capstan.core.v1.PodService"), context(controller.signal));
    const iterator = stream[Symbol.asyncIterator]();
    seen.push(((await iterator.next()).value as { status: number }).status);
    health.set("capstan.core.v1.PodService", ServingStatus.SERVING);
    seen.push(((await iterator.next()).value as { status: number }).status);
    health.set("other", ServingStatus.SERVING);
    health.shutDown();
    seen.push(((await iterator.next()).value as { status: number }).status);
    const end = iterator.next();
    controller.abort();
    expect((await end).done).toBe(true);
    expect(seen).toEqual([ServingStatus.SERVICE_UNKNOWN, ServingStatus.SERVING, ServingStatus.NOT_SERVING]);
  });
});
