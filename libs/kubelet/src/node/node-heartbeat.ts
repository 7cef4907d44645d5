/** What the node agent needs of a bus (@capstan/bus's Bus satisfies it). */
export interface HeartbeatBus {
  publish(subject: string, payload: Uint8Array): void;
}

/** The heartbeat a node publishes with each Lease renewal. */
export interface NodeHeartbeat {
  readonly node: string;
  /** RFC 3339. */
  readonly time: string;
  readonly ready: boolean;
}

const SUBJECT_PREFIX = "capstan.heartbeat.node";

/**
 * The subject a node's heartbeats go to. A node name is a DNS subdomain whose dots would split NATS tokens;
 * they become "_", which a DNS name cannot hold, so two names never share a subject.
 */
export function nodeHeartbeatSubject(nodeName: string): string {
  return `${SUBJECT_PREFIX}.${nodeName.replaceAll(".", "_")}`;
}

/** Subscribe to this pattern to hear every node's heartbeats. */
export const NODE_HEARTBEAT_PATTERN = `${SUBJECT_PREFIX}.*`;

/** Publishes one heartbeat (JSON); the bus is best effort, so a failure is returned, not thrown. */
export function publishHeartbeat(bus: HeartbeatBus, nodeName: string, ready: boolean): Error | undefined {
  const heartbeat: NodeHeartbeat = { node: nodeName, time: new Date().toISOString(), ready };
  try {
    bus.publish(nodeHeartbeatSubject(nodeName), new TextEncoder().encode(JSON.stringify(heartbeat)));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
