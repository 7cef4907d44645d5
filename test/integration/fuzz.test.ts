import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServerFixture, startApiServer } from "./support/api-server.js";
import { type FuzzRequest, fuzzRequest } from "./support/fuzz-requests.js";
import { requestJson } from "./support/http.js";
import { podManifest } from "./support/manifests.js";
import { createRandom } from "./support/random.js";

/** Replay a failure with CAPSTAN_FUZZ_SEED=<seed printed in the failure>. */
const SEED = Number(process.env.CAPSTAN_FUZZ_SEED ?? 20_261_125);
const REQUESTS = 2_500;
const IN_FLIGHT = 16;
const REQUEST_DEADLINE_MS = 10_000;

let api: ApiServerFixture;

beforeAll(async () => {
  api = await startApiServer();
});
afterAll(async () => {
  await api?.stop();
});

/** Sends one request; resolves with the status (a watch is hung up on once its status is known). */
async function send(request: FuzzRequest): Promise<number> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("no answer in time")), REQUEST_DEADLINE_MS);
  try {
    const response = await fetch(`${api.url}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
    });
    if (request.watch && response.status === 200) controller.abort();
    else await response.arrayBuffer();
    return response.status;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Kubernetes answers a list or watch from a resourceVersion newer than any it has with 504 Timeout ("Too
 * large resource version"): the one 5xx that is the client's doing. Allowed when the version asked for was
 * newer than the store's revision just before the request.
 */
async function tooLargeVersion(request: FuzzRequest): Promise<number | undefined> {
  const asked = Number(new URL(request.path, "http://x").searchParams.get("resourceVersion") ?? Number.NaN);
  return Number.isSafeInteger(asked) && asked > (await api.revision()) ? asked : undefined;
}

const describeRequest = (request: FuzzRequest) =>
  `${request.method} ${request.path} ${JSON.stringify(request.headers)} ${(request.body ?? "").slice(0, 300)}`;

describe("fuzzing the REST API", () => {
  it(`answers ${REQUESTS} random and mutated requests without a 5xx or a crash (seed ${SEED})`, async () => {
    const random = createRandom(SEED);
    const requests = Array.from({ length: REQUESTS }, () => fuzzRequest(random));
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < requests.length) {
          const index = next++;
          const request = requests[index] as FuzzRequest;
          try {
            const futureVersion = await tooLargeVersion(request);
            const status = await send(request);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status >= 500 && !(status === 504 && futureVersion !== undefined))
              failures.push(`#${index} ${status}: ${describeRequest(request)}`);
          } catch (error) {
            failures.push(
              `#${index} ${String(error)} (${String((error as Error).cause)}): ${describeRequest(request)}`,
            );
          }
        }
      }),
    );
    expect(failures, `seed ${SEED}`).toEqual([]);
    // The fuzz must reach the handlers, not only bounce off routing: successes and refusals of every kind.
    const count = (from: number, to: number) =>
      [...statuses].filter(([status]) => status >= from && status < to).reduce((sum, [, n]) => sum + n, 0);
    expect(count(200, 300), JSON.stringify([...statuses])).toBeGreaterThan(REQUESTS * 0.05);
    for (const status of [400, 404, 405, 415, 422])
      expect(statuses.get(status), `status ${status}`).toBeGreaterThan(0);

    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
    const created = await requestJson(
      api.url,
      "POST",
      "/api/v1/namespaces/default/pods",
      podManifest("after-fuzz"),
    );
    expect(created.status).toBe(201);
  }, 60_000);
});
