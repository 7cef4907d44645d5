import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** A kubeconfig for the admin of a local cluster: one cluster, one user, one context, namespace default. */
export function renderKubeconfig(serverUrl: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "  - name: capstan",
    "    cluster:",
    `      server: ${serverUrl}`,
    "users:",
    "  - name: capstan-admin",
    "    user: {}",
    "contexts:",
    "  - name: capstan",
    "    context:",
    "      cluster: capstan",
    "      user: capstan-admin",
    "      namespace: default",
    "current-context: capstan",
    "",
  ].join("\n");
}

/** Writes the kubeconfig (owner-only: later versions put credentials in it). */
export async function writeKubeconfig(path: string, serverUrl: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderKubeconfig(serverUrl), { mode: 0o600 });
}
