/**
 * The baseline of the pod-startup benchmark: the same containers the kubelet makes for a pod (a sandbox on the
 * default bridge holding the namespaces, and one app container joined to it), started straight through
 * dockerode with no orchestrator in between.
 */
import type Docker from "dockerode";

export const RAW_LABEL = "io.capstan.bench.raw";

/** Starts one pod's two containers; resolves once the app container has started. */
export async function startRawPod(
  docker: Docker,
  runId: string,
  index: number,
  image: string,
  sandboxImage: string,
) {
  const labels = { [RAW_LABEL]: runId };
  const sandbox = await docker.createContainer({
    name: `bench-raw-${runId}-${index}-pod`,
    Image: sandboxImage,
    Hostname: `raw-${index}`,
    Labels: labels,
    HostConfig: { NetworkMode: "bridge", IpcMode: "shareable" },
  });
  await sandbox.start();
  const join = `container:${sandbox.id}`;
  const app = await docker.createContainer({
    name: `bench-raw-${runId}-${index}-app`,
    Image: image,
    Entrypoint: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"],
    Cmd: [],
    Labels: labels,
    HostConfig: { NetworkMode: join, IpcMode: join },
  });
  await app.start();
}

/** Removes every container of the run (forcefully, in parallel). */
export async function removeRawPods(docker: Docker, runId: string): Promise<void> {
  const listed = await docker.listContainers({ all: true, filters: { label: [`${RAW_LABEL}=${runId}`] } });
  await Promise.all(listed.map((info) => docker.getContainer(info.Id).remove({ force: true })));
}
