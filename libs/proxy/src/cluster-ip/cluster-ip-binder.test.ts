import { platform } from "node:os";
import { createLogger } from "@capstan/runtime";
import { describe, expect, it } from "vitest";
import { ClusterIpBinder } from "./cluster-ip-binder.js";
import type { IpCommand } from "./ip-command.js";

const logger = createLogger({ component: "binder-test", level: "silent" });
const asRoot = platform() === "linux" && process.getuid?.() === 0;

/** An `ip` that records its calls; `links` is what `ip -o link show` prints, `noDummy` fails `type dummy`. */
function recorder(options: { links?: string; noDummy?: boolean } = {}): { calls: string[]; ip: IpCommand } {
  const calls: string[] = [];
  return {
    calls,
    ip: async (args) => {
      calls.push(args.join(" "));
      if (args[0] === "-o") return options.links ?? "1: lo: <LOOPBACK,UP> mtu 65536\n";
      if (options.noDummy && args.includes("dummy"))
        throw new Error("ip link add: Error: Unknown device type.");
      return "";
    },
  };
}

describe("ClusterIpBinder", () => {
  it("refuses malformed names and ranges", () => {
    expect(
      () =>
        new ClusterIpBinder({ interfaceName: "way-too-long-a-name", serviceRange: "10.96.0.0/12", logger }),
    ).toThrow(TypeError);
    expect(
      () => new ClusterIpBinder({ interfaceName: "capstan0", serviceRange: "10.96.0.0", logger }),
    ).toThrow(TypeError);
  });

  it.runIf(asRoot)("routes the whole range unreachable before it binds any address", async () => {
    const { calls, ip } = recorder();
    const binder = new ClusterIpBinder({
      interfaceName: "capstan0",
      serviceRange: "10.96.0.0/12",
      logger,
      ip,
    });
    await expect(binder.bind("10.96.0.1")).rejects.toThrow(/not started/);
    expect(await binder.start()).toBeUndefined();
    await binder.bind("10.96.0.5");
    await binder.bind("10.96.0.5");
    await binder.stop();
    expect(calls).toEqual([
      "route replace unreachable 10.96.0.0/12",
      "-o link show",
      "link add capstan0 type dummy",
      "link set capstan0 up",
      "addr replace 10.96.0.5/32 dev capstan0",
      "addr del 10.96.0.5/32 dev capstan0",
    ]);
  });

  it.runIf(asRoot)(
    "uses lo on a kernel without the dummy driver, and an existing interface as it is",
    async () => {
      const fallback = recorder({ noDummy: true });
      const binder = new ClusterIpBinder({
        interfaceName: "capstan0",
        serviceRange: "10.96.0.0/12",
        logger,
        ip: fallback.ip,
      });
      expect(await binder.start()).toBeUndefined();
      expect(binder.device).toBe("lo");
      await binder.bindReserved("10.96.0.10");
      expect(binder.reserved).toEqual(new Set(["10.96.0.10"]));
      expect(fallback.calls.at(-1)).toBe("addr replace 10.96.0.10/32 dev lo");
      const existing = recorder({ links: "7: capstan0: <BROADCAST,NOARP,UP> mtu 1500\n" });
      const again = new ClusterIpBinder({
        interfaceName: "capstan0",
        serviceRange: "10.96.0.0/12",
        logger,
        ip: existing.ip,
      });
      await again.start();
      expect(existing.calls).not.toContain("link add capstan0 type dummy");
    },
  );

  it.runIf(asRoot)("reports why it cannot bind when a command fails", async () => {
    const ip: IpCommand = async () => {
      throw new Error("ip route replace: Operation not permitted");
    };
    const binder = new ClusterIpBinder({
      interfaceName: "capstan0",
      serviceRange: "10.96.0.0/12",
      logger,
      ip,
    });
    expect(await binder.start()).toContain("Operation not permitted");
    expect(binder.ready).toBe(false);
  });
});
