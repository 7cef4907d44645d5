import { execFile } from "node:child_process";

/** Runs `ip <args>`; resolves with stdout, rejects with the command's stderr in the message. */
export type IpCommand = (args: readonly string[]) => Promise<string>;

/** Runs the real `ip` tool (iproute2). */
export const runIp: IpCommand = (args) =>
  new Promise((resolve, reject) => {
    execFile("ip", [...args], { timeout: 5_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`ip ${args.join(" ")}: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
