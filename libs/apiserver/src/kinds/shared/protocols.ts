/** The protocols a container port, service port or endpoint port may use. */
export const PROTOCOLS: readonly string[] = ["SCTP", "TCP", "UDP"];
