import type { Lease } from "@capstan/api";
import { PodIpPool } from "./addresses.js";

/** One simulated node's state inside a group. */
export interface HollowNode {
  readonly index: number;
  readonly name: string;
  readonly hostIp: string;
  readonly podIps: PodIpPool;
  /** The registered Node's uid (the Lease's owner). */
  uid: string;
  /** The Lease as last written, so a renewal is one compare-and-swap update. */
  lease: Lease | undefined;
  /** A stopped node goes silent: no Lease renewals, no pod status, no deletions. */
  stopped: boolean;
}

export function newHollowNode(index: number, name: string, hostIp: string): HollowNode {
  return { index, name, hostIp, podIps: new PodIpPool(index), uid: "", lease: undefined, stopped: false };
}
