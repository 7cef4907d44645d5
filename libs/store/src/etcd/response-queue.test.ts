import { describe, expect, it } from "vitest";
import { ResponseQueue } from "./response-queue.js";

describe("ResponseQueue", () => {
  it("yields pushed items in order, to readers waiting before they arrive", async () => {
    const queue = new ResponseQueue<number>();
    const first = queue.next();
    const second = queue.next();
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await second).toEqual({ value: 2, done: false });
    expect(await queue.next()).toEqual({ value: 3, done: false });
  });

  it("throws a failure after the items before it, and ignores pushes after it", async () => {
    const queue = new ResponseQueue<number>();
    queue.push(1);
    queue.fail(new Error("broken"));
    queue.push(2);
    expect(await queue.next()).toEqual({ value: 1, done: false });
    await expect(queue.next()).rejects.toThrow("broken");
  });

  it("finishes on end", async () => {
    const queue = new ResponseQueue<number>();
    const pending = queue.next();
    queue.end();
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});
