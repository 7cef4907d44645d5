/**
 * The address plan of the simulated nodes. Nothing is routed: the addresses only have to be unique and look
 * like a cluster's. Node `index` gets host IP 172.16.0.0/12 + index + 1 and the pod range
 * 10.(64 + index / 256).(index % 256).0/24, so 49,152 nodes fit in 10.64.0.0/10.
 */
export function hostIpOf(index: number): string {
  const n = index + 1;
  return `172.${16 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

/** The node's pod CIDR (spec.podCIDR). */
export function podCidrOf(index: number): string {
  return `${podNetworkOf(index)}.0/24`;
}

function podNetworkOf(index: number): string {
  return `10.${64 + (index >> 8)}.${index & 255}`;
}

/** Hands out pod IPs of one node's /24 (.1 to .254), reusing released ones. */
export class PodIpPool {
  private readonly network: string;
  private readonly free: number[] = [];
  private next = 1;

  constructor(index: number) {
    this.network = podNetworkOf(index);
  }

  /** A free address, or undefined when all 254 are taken. */
  take(): string | undefined {
    const host = this.free.pop() ?? (this.next <= 254 ? this.next++ : undefined);
    return host === undefined ? undefined : `${this.network}.${host}`;
  }

  /** Gives an address from {@link take} back. */
  release(ip: string): void {
    if (!ip.startsWith(`${this.network}.`)) return;
    const host = Number(ip.slice(this.network.length + 1));
    if (Number.isInteger(host) && host >= 1 && host < this.next && !this.free.includes(host))
      this.free.push(host);
  }
}
