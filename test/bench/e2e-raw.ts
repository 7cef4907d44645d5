import Docker from "dockerode";

/** Seconds of each phase of one run. */
export type Phases = Record<string, number>;

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const seconds = (started: number) => (performance.now() - started) / 1_000;

/**
 * The physical floor: the containers `replicas` pods need, created and started straight through the Engine
 * API at `concurrency`, then removed. Each pod is one container on the default bridge (a Swarm task's
 * shape); every container carries `label` so a failed run can be cleaned up.
 */
export async function benchRawDocker(options: {
  image: string;
  command: readonly string[];
  replicas: number;
  concurrency: number;
  label: string;
}): Promise<Phases> {
  const docker = new Docker({ socketPath: "/var/run/docker.sock" });
  const ids: string[] = [];
  const names = Array.from({ length: options.replicas }, (_, i) => i);
  try {
    const started = performance.now();
    await pool(names, options.concurrency, async () => {
      const container = await docker.createContainer({
        Image: options.image,
        Cmd: [...options.command],
        Labels: { [options.label]: "raw" },
      });
      ids.push(container.id);
      await container.start();
    });
    const startSeconds = seconds(started);
    const removing = performance.now();
    await pool([...ids], options.concurrency, (id) => docker.getContainer(id).remove({ force: true }));
    ids.length = 0;
    return { start: startSeconds, remove: seconds(removing) };
  } finally {
    await Promise.all(
      ids.map((id) =>
        docker
          .getContainer(id)
          .remove({ force: true })
          .catch(() => {}),
      ),
    );
  }
}
