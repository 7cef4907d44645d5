/** A scheduled callback that can be cancelled before it fires. */
export interface Timer {
  cancel(): void;
}

/**
 * Time as the work queue sees it. The system clock in production; {@link createFakeClock} in unit tests, so
 * backoff and delayed adds can be checked without waiting.
 */
export interface Clock {
  /** Milliseconds since some fixed origin (only differences matter). */
  now(): number;
  /** Calls `callback` once, `delayMs` from now. */
  setTimer(callback: () => void, delayMs: number): Timer;
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    return { cancel: () => clearTimeout(handle) };
  },
};

/** A clock that only moves when told to; timers fire, in due order, inside {@link FakeClock.advance}. */
export interface FakeClock extends Clock {
  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void;
  /** Timers not yet fired or cancelled. */
  pendingTimers(): number;
}

const MAX_FIRINGS_PER_ADVANCE = 1_000_000;

interface FakeTimer {
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** Creates a {@link FakeClock} starting at `start` ms. */
export function createFakeClock(start = 0): FakeClock {
  let now = start;
  let seq = 0;
  const timers: FakeTimer[] = [];
  const nextDue = (limit: number): FakeTimer | undefined => {
    let best: FakeTimer | undefined;
    for (const timer of timers) {
      if (timer.cancelled || timer.due > limit) continue;
      if (!best || timer.due < best.due || (timer.due === best.due && timer.seq < best.seq)) best = timer;
    }
    return best;
  };
  return {
    now: () => now,
    setTimer(callback, delayMs) {
      const timer: FakeTimer = { due: now + Math.max(0, delayMs), seq: seq++, callback, cancelled: false };
      timers.push(timer);
      return {
        cancel: () => {
          timer.cancelled = true;
        },
      };
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance: expected ms >= 0, got ${ms}`);
      const target = now + ms;
      let fired = 0;
      for (let timer = nextDue(target); timer; timer = nextDue(target)) {
        // A callback that keeps scheduling zero-delay timers would never let time move on.
        if (++fired > MAX_FIRINGS_PER_ADVANCE)
          throw new Error("advance: timers keep rescheduling themselves");
        timer.cancelled = true;
        now = timer.due;
        timer.callback();
      }
      now = target;
      for (let i = timers.length - 1; i >= 0; i--) if (timers[i]?.cancelled) timers.splice(i, 1);
    },
    pendingTimers: () => timers.filter((timer) => !timer.cancelled).length,
  };
}
