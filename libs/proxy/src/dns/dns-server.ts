import type { Socket } from "node:dgram";
import type { Logger } from "@capstan/runtime";
import * as dnsPacket from "dns-packet";
import { listenUdp } from "../forward/listeners.js";
import { answerClusterQuestion, type ClusterView, RCODE } from "./cluster-records.js";
import { forwardQuery } from "./upstream.js";

export interface DnsServerOptions {
  /** Addresses to answer on: `ip` (port 53) or `ip:port`. */
  readonly listen: readonly { host: string; port: number }[];
  /** The cluster zone, e.g. `cluster.local`. */
  readonly zone: string;
  readonly view: ClusterView;
  /**
   * Upstream resolvers for names outside the zone. Empty: such names are REFUSED (what tests use, so no
   * query ever leaves the machine).
   */
  readonly upstreams: () => readonly string[];
  readonly logger: Logger;
}

/** The cluster DNS server over UDP. */
export interface DnsServer {
  /** Binds every address; rejects if one cannot be bound. */
  start(): Promise<void>;
  close(): void;
  /** The bound `host:port` addresses (ports resolved when 0 was asked). */
  addresses(): string[];
}

function reply(
  query: dnsPacket.DecodedPacket,
  rcode: number,
  answers: dnsPacket.Answer[],
  authoritative: boolean,
) {
  const flags =
    ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) |
    dnsPacket.RECURSION_AVAILABLE |
    (authoritative ? dnsPacket.AUTHORITATIVE_ANSWER : 0) |
    rcode;
  return dnsPacket.encode({
    type: "response",
    id: query.id ?? 0,
    flags,
    questions: query.questions ?? [],
    answers,
  });
}

/** Creates the cluster DNS server: answers the zone from the caches and forwards (or refuses) the rest. */
export function createDnsServer(options: DnsServerOptions): DnsServer {
  const sockets: Socket[] = [];

  async function answer(packet: Buffer): Promise<Buffer | undefined> {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(packet);
    } catch {
      return undefined;
    }
    if (query.type !== "query") return undefined;
    const question = query.questions?.[0];
    if (!question || (query.questions?.length ?? 0) !== 1) return reply(query, 1, [], false);
    const cluster = answerClusterQuestion(question.name, question.type, options.zone, options.view);
    if (cluster) return reply(query, cluster.rcode, cluster.answers, true);
    const upstream = options.upstreams()[0];
    if (!upstream) return reply(query, RCODE.REFUSED, [], false);
    try {
      return await forwardQuery(packet, upstream);
    } catch (error) {
      options.logger.debug({ err: error, name: question.name }, "upstream DNS failed");
      return reply(query, RCODE.SERVFAIL, [], false);
    }
  }

  return {
    async start() {
      for (const { host, port } of options.listen) {
        const socket = await listenUdp(host, port);
        sockets.push(socket);
        socket.on("message", (packet, client) => {
          answer(packet)
            .then((response) => {
              if (response) socket.send(response, client.port, client.address);
            })
            .catch((error: unknown) => options.logger.warn({ err: error }, "DNS answer failed"));
        });
        socket.on("error", (error) => options.logger.warn({ err: error }, "DNS socket error"));
      }
    },
    close() {
      for (const socket of sockets.splice(0)) socket.close();
    },
    addresses() {
      return sockets.map((socket) => {
        const address = socket.address();
        return `${address.address}:${address.port}`;
      });
    },
  };
}
