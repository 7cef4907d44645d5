import { randomBytes } from "node:crypto";
import { measure, type Samples } from "./stats.js";
import type { BenchTarget } from "./store-targets.js";

const WRITES = 1_000;
const GETS = 2_500;
const CONCURRENT_CREATES = 1_000;
export const IN_FLIGHT = 50;
const LOAD_IN_FLIGHT = 64;
const WATCHED_WRITES = 250;
/** A small Kubernetes object's protobuf encoding is about this size. */
export const VALUE = randomBytes(1_024);

/** One target's keys and what earlier phases left for later ones. */
export interface TargetState {
  target: BenchTarget;
  prefix: string;
  /** modRevision of each key of the "objects" set, by round. */
  revisions: Map<number, number[]>;
}

/** One timed operation; `round` keeps the keys of repeated runs apart. */
export interface Phase {
  name: string;
  /** Untimed setup, done for every target before any is timed. */
  prepare?(state: TargetState): Promise<void>;
  run(state: TargetState, round: number): Promise<Samples>;
}

const key = (prefix: string, index: number) => `${prefix}${String(index).padStart(6, "0")}`;
const objects = (state: TargetState, round: number) => `${state.prefix}objects-${round}/`;
const revisionsOf = (state: TargetState, round: number) => {
  const revisions = state.revisions.get(round) ?? [];
  state.revisions.set(round, revisions);
  return revisions;
};

function listPhase(keys: number, repeats: number): Phase {
  const listed = (state: TargetState) => `${state.prefix}list-${keys}/`;
  return {
    name: `list ${keys.toLocaleString("en")} keys`,
    async prepare(state) {
      await measure(keys, LOAD_IN_FLIGHT, (i) => state.target.create(key(listed(state), i), VALUE));
    },
    run: (state) =>
      measure(repeats, 1, async () => {
        const count = await state.target.list(listed(state));
        if (count !== keys) throw new Error(`${state.target.name} listed ${count} keys, expected ${keys}`);
      }),
  };
}

/** Time from issuing a write to a watcher receiving it, one write at a time. */
async function watchDelivery(state: TargetState, round: number): Promise<Samples> {
  const prefix = `${state.prefix}watched-${round}/`;
  const arrivals = new Map<string, (at: number) => void>();
  const stop = await state.target.watch(prefix, (name) => arrivals.get(name)?.(performance.now()));
  const latenciesMs: number[] = [];
  const started = performance.now();
  for (let i = 0; i < WATCHED_WRITES; i++) {
    const name = key(prefix, i);
    const arrived = new Promise<number>((resolve) => arrivals.set(name, resolve));
    const t0 = performance.now();
    await state.target.create(name, VALUE);
    latenciesMs.push((await arrived) - t0);
    arrivals.delete(name);
  }
  const wallMs = performance.now() - started;
  await stop();
  return { latenciesMs, wallMs };
}

/** The operations the store benchmark times, in order (later phases read what earlier ones wrote). */
export const PHASES: Phase[] = [
  {
    name: "create",
    run: (state, round) =>
      measure(WRITES, 1, async (i) => {
        revisionsOf(state, round)[i] = await state.target.create(key(objects(state, round), i), VALUE);
      }),
  },
  {
    name: "update",
    run: (state, round) =>
      measure(WRITES, 1, async (i) => {
        const revisions = revisionsOf(state, round);
        revisions[i] = await state.target.update(key(objects(state, round), i), VALUE, revisions[i] ?? 0);
      }),
  },
  {
    name: "get",
    run: (state, round) =>
      measure(GETS, 1, (i) => state.target.get(key(objects(state, round), (i * 7919) % WRITES))),
  },
  {
    name: `create x${IN_FLIGHT} in flight`,
    run: (state, round) =>
      measure(CONCURRENT_CREATES, IN_FLIGHT, (i) =>
        state.target.create(key(`${state.prefix}concurrent-${round}/`, i), VALUE),
      ),
  },
  listPhase(1_000, 15),
  listPhase(10_000, 5),
  { name: "watch delivery", run: watchDelivery },
];
