import type { Endpoints, Service } from "@capstan/api";
import type { Answer, RecordType } from "dns-packet";

/** DNS response codes the cluster zone uses. */
export const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

/** Seconds clients may cache cluster answers (CoreDNS' kubernetes plugin default). */
export const CLUSTER_TTL = 5;

/** Read access to the proxy's caches. */
export interface ClusterView {
  service(namespace: string, name: string): Service | undefined;
  endpoints(namespace: string, name: string): Endpoints | undefined;
}

/** The answer to one question in the cluster zone. */
export interface ClusterAnswer {
  readonly rcode: number;
  readonly answers: Answer[];
}

const DASHED_IPV4 = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/;

function readyIps(endpoints: Endpoints | undefined): string[] {
  const ips = (endpoints?.subsets ?? []).flatMap((subset) => subset.addresses.map((address) => address.ip));
  return [...new Set(ips.filter((ip) => ip !== ""))];
}

/**
 * Answers a question about the cluster zone (`cluster.local` by default) as CoreDNS' kubernetes plugin
 * does for the records Capstan serves:
 * - `<svc>.<ns>.svc.<zone>`: A with the cluster IP; headless services: A with each ready pod IP;
 *   ExternalName services: CNAME to the external name;
 * - `_<port>._<proto>.<svc>.<ns>.svc.<zone>`: SRV for a named port;
 * - `<a-b-c-d>.<ns>.pod.<zone>`: A with that IP.
 * Anything else in the zone is NXDOMAIN; a name that exists with no record of the asked type is an
 * empty NOERROR. Returns undefined for names outside the zone (the server forwards or refuses those).
 */
export function answerClusterQuestion(
  name: string,
  type: RecordType,
  zone: string,
  view: ClusterView,
): ClusterAnswer | undefined {
  const lower = name.toLowerCase().replace(/\.$/, "");
  const suffix = `.${zone.toLowerCase()}`;
  if (lower !== zone.toLowerCase() && !lower.endsWith(suffix)) return undefined;
  const labels = lower === zone.toLowerCase() ? [] : lower.slice(0, -suffix.length).split(".");
  const nxdomain = { rcode: RCODE.NXDOMAIN, answers: [] };
  const record = (answerType: "A" | "CNAME", data: string): Answer => ({
    type: answerType,
    name,
    ttl: CLUSTER_TTL,
    class: "IN",
    data,
  });
  if (labels.length === 3 && labels[2] === "pod") {
    const match = DASHED_IPV4.exec(labels[0] ?? "");
    if (!match || match.slice(1).some((octet) => Number(octet) > 255)) return nxdomain;
    return { rcode: RCODE.NOERROR, answers: type === "A" ? [record("A", match.slice(1).join("."))] : [] };
  }
  if (labels.at(-1) !== "svc" || (labels.length !== 3 && labels.length !== 5)) return nxdomain;
  const [serviceName = "", namespace = ""] = labels.slice(-3, -1);
  const service = view.service(namespace, serviceName);
  if (!service?.spec) return nxdomain;
  const spec = service.spec;
  if (labels.length === 5) return srvAnswer(name, labels, service, type);
  if (spec.type === "ExternalName")
    return {
      rcode: RCODE.NOERROR,
      answers: type === "A" || type === "CNAME" ? [record("CNAME", spec.externalName)] : [],
    };
  if (type !== "A") return { rcode: RCODE.NOERROR, answers: [] };
  const ips = spec.clusterIp === "None" ? readyIps(view.endpoints(namespace, serviceName)) : [spec.clusterIp];
  return { rcode: RCODE.NOERROR, answers: ips.filter((ip) => ip !== "").map((ip) => record("A", ip)) };
}

/** `_http._tcp.web.default.svc.cluster.local` → SRV 0 100 <port> web.default.svc.cluster.local. */
function srvAnswer(name: string, labels: string[], service: Service, type: RecordType): ClusterAnswer {
  const [portLabel = "", protocolLabel = ""] = labels;
  const port = (service.spec?.ports ?? []).find(
    (candidate) =>
      candidate.name !== "" &&
      `_${candidate.name}` === portLabel &&
      `_${candidate.protocol.toLowerCase()}` === protocolLabel,
  );
  if (!port || port.port === undefined) return { rcode: RCODE.NXDOMAIN, answers: [] };
  if (type !== "SRV") return { rcode: RCODE.NOERROR, answers: [] };
  const target = labels.slice(2).join(".");
  const zoneSuffix = name.toLowerCase().replace(/\.$/, "").split(".").slice(labels.length).join(".");
  return {
    rcode: RCODE.NOERROR,
    answers: [
      {
        type: "SRV",
        name,
        ttl: CLUSTER_TTL,
        class: "IN",
        data: { priority: 0, weight: 100, port: port.port, target: `${target}.${zoneSuffix}` },
      },
    ],
  };
}
