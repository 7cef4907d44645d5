import type { DescService } from "@bufbuild/protobuf";
import {
  createGrpcClient,
  createGrpcSource,
  createInformer,
  type GrpcClient,
  type GrpcTransport,
  type Informer,
  type KubeObject,
  type ListWatchClient,
} from "@capstan/client";
import type { Logger } from "@capstan/runtime";

/** The object type a resource service lists (`Pod` for PodService). */
export type ResourceOf<S extends DescService> =
  GrpcClient<S> extends {
    list(...args: never[]): Promise<{ items: (infer T)[] }>;
  }
    ? T & KubeObject
    : never;

/**
 * One informer per resource for all controllers, as client-go's SharedInformerFactory: created on first
 * request, started once. Informers asked for after `start` are started at once.
 */
export interface SharedInformers {
  /** The all-namespaces informer of a resource service (PodService, ReplicaSetService, ...). */
  forResource<S extends DescService>(service: S): Informer<ResourceOf<S>>;
  /** Starts every informer created so far and later; resolves once all have stopped after `signal` aborts. */
  start(signal: AbortSignal): Promise<void>;
}

/** Creates the shared informers over one gRPC transport. */
export function createSharedInformers(transport: GrpcTransport, logger: Logger): SharedInformers {
  const informers = new Map<string, Informer<KubeObject>>();
  const running: Promise<void>[] = [];
  let startSignal: AbortSignal | undefined;
  let failure: ((error: unknown) => void) | undefined;

  const launch = (informer: Informer<KubeObject>, signal: AbortSignal) => {
    running.push(
      informer.start(signal).catch((error: unknown) => {
        if (!signal.aborted) failure?.(error);
      }),
    );
  };

  return {
    forResource<S extends DescService>(service: S): Informer<ResourceOf<S>> {
      if (typeof service?.typeName !== "string" || typeof service.method !== "object") {
        throw new TypeError("forResource needs a resource service descriptor (PodService, ...)");
      }
      const existing = informers.get(service.typeName);
      if (existing) return existing as Informer<ResourceOf<S>>;
      // Every resource service has List and Watch of its own message: the generic client fits ListWatchClient.
      const client = createGrpcClient(service, transport) as unknown as ListWatchClient<ResourceOf<S>>;
      if (typeof client.list !== "function" || typeof client.watch !== "function") {
        throw new TypeError(`${service.typeName} has no List and Watch methods`);
      }
      const description = service.name.replace(/Service$/, "").toLowerCase();
      const informer = createInformer<ResourceOf<S>>({
        source: createGrpcSource(client, { description }),
        logger,
        name: `informer ${description}`,
      });
      informers.set(service.typeName, informer as Informer<KubeObject>);
      if (startSignal) launch(informer as Informer<KubeObject>, startSignal);
      return informer;
    },
    async start(signal) {
      if (startSignal) throw new Error("shared informers are already started");
      startSignal = signal;
      const failed = new Promise<never>((_, reject) => {
        failure = reject;
      });
      for (const informer of informers.values()) launch(informer, signal);
      // An informer that fails (rather than stops) fails the whole set, as the scheduler does.
      const stopped = (async () => {
        for (let seen = 0; seen < running.length; seen = running.length) await Promise.all(running);
      })();
      await Promise.race([stopped, failed]);
    },
  };
}
