import { describe, expect, it } from "vitest";
import { runTogether } from "./run-together.js";
import { type Runnable, RunnableError, startRunnable, waitForAbort } from "./runnable.js";

function recorder(name: string, log: string[]): Runnable {
  return {
    name,
    async start(signal) {
      log.push(`${name} started`);
      await waitForAbort(signal);
      log.push(`${name} stopped`);
    },
  };
}

describe("runTogether", () => {
  it("starts all and resolves once all stopped after the signal", async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const running = runTogether("group", [recorder("a", log), recorder("b", log)]).start(controller.signal);
    await Promise.resolve();
    expect(log).toEqual(["a started", "b started"]);
    controller.abort();
    await running;
    expect(log).toEqual(["a started", "b started", "a stopped", "b stopped"]);
  });

  it("stops the others when one fails and rejects with that failure after they stopped", async () => {
    const log: string[] = [];
    const failing: Runnable = {
      name: "broken",
      async start() {
        throw new Error("boom");
      },
    };
    const error = await runTogether("group", [recorder("a", log), failing])
      .start(new AbortController().signal)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunnableError);
    expect((error as RunnableError).runnable).toBe("broken");
    expect((error as Error).message).toBe("broken: boom");
    expect(log).toEqual(["a started", "a stopped"]);
  });

  it("treats a runnable that returns unasked as failed", async () => {
    const quitter: Runnable = { name: "quitter", start: async () => {} };
    await expect(runTogether("g", [quitter]).start(new AbortController().signal)).rejects.toThrow(
      "quitter: stopped before it was asked to",
    );
  });

  it("turns a synchronous throw or a non-runnable into a RunnableError", async () => {
    const sync = {
      name: "sync",
      start(): Promise<void> {
        throw new TypeError("oops");
      },
    };
    await expect(startRunnable(sync, new AbortController().signal)).rejects.toThrow("sync: oops");
    await expect(startRunnable({ name: "x" } as Runnable, AbortSignal.abort())).rejects.toThrow(
      "x: is not a runnable",
    );
    expect(() => runTogether("g", "no" as unknown as Runnable[])).toThrow(RunnableError);
  });

  it("returns at once when the signal was already aborted", async () => {
    const log: string[] = [];
    await runTogether("g", [recorder("a", log)]).start(AbortSignal.abort());
    expect(log).toEqual(["a started", "a stopped"]);
  });
});
