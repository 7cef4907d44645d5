import type { Service } from "@capstan/api";

/**
 * The docker-link style variables Kubernetes gives a container for each service (pkg/kubelet/envvars):
 * `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT`, `<NAME>_SERVICE_PORT_<PORTNAME>`, `<NAME>_PORT` and
 * `<NAME>_PORT_<port>_<PROTO>[_PROTO|_PORT|_ADDR]`. Headless services (no cluster IP) give none. Services are
 * taken in name order so the result is stable.
 */
export function serviceEnv(services: readonly Service[]): [string, string][] {
  const env: [string, string][] = [];
  const sorted = [...services].sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""));
  for (const service of sorted) {
    const ip = service.spec?.clusterIp ?? "";
    const name = service.metadata?.name ?? "";
    if (!name || ip === "" || ip === "None") continue;
    const prefix = envName(name);
    const ports = service.spec?.ports ?? [];
    env.push([`${prefix}_SERVICE_HOST`, ip]);
    const first = ports[0];
    if (first) env.push([`${prefix}_SERVICE_PORT`, String(first.port ?? 0)]);
    for (const port of ports) {
      if (port.name) env.push([`${prefix}_SERVICE_PORT_${envName(port.name)}`, String(port.port ?? 0)]);
    }
    if (first) env.push([`${prefix}_PORT`, linkUrl(first.protocol, ip, first.port)]);
    for (const port of ports) {
      const protocol = (port.protocol || "TCP").toUpperCase();
      const base = `${prefix}_PORT_${port.port ?? 0}_${protocol}`;
      env.push(
        [base, linkUrl(protocol, ip, port.port)],
        [`${base}_PROTO`, protocol.toLowerCase()],
        [`${base}_PORT`, String(port.port ?? 0)],
        [`${base}_ADDR`, ip],
      );
    }
  }
  return env;
}

function envName(name: string): string {
  return name.toUpperCase().replaceAll("-", "_");
}

function linkUrl(protocol: string, ip: string, port: number | undefined): string {
  const host = ip.includes(":") ? `[${ip}]` : ip;
  return `${(protocol || "TCP").toLowerCase()}://${host}:${port ?? 0}`;
}
