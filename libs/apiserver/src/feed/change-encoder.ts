import { create, type DescMessage, type Message, toBinary } from "@bufbuild/protobuf";
import { ChangeSchema, type ResourceType } from "@capstan/api";
import { changeSubject } from "@capstan/bus";
import type { Store, WatchEvent } from "@capstan/store";
import { ObjectStorage } from "../registry/object-storage.js";

/** One change ready for the bus: where it goes, what it says, and its revision (the message id). */
export interface EncodedChange {
  readonly subject: string;
  readonly payload: Uint8Array;
  readonly revision: number;
}

const REGISTRY_ROOT = "/registry/";

/**
 * Turns store watch events into change-feed messages: the object decoded and identified as the API returns
 * it (apiVersion, kind, resourceVersion = the change's revision), wrapped in a capstan.feed.v1.Change, on the
 * subject `changeSubject` gives (pods also carry their node). Keys of unknown resources give undefined.
 */
export class ChangeEncoder {
  private readonly storages = new Map<string, ObjectStorage<Message>>();

  constructor(resources: readonly ResourceType[], store: Store) {
    for (const type of resources) this.storages.set(type.resource, new ObjectStorage(type, store));
  }

  /** The prefix every resource's keys share (what the publisher watches). */
  static readonly prefix = REGISTRY_ROOT;

  /** Encodes one event; throws (a decode error) when the stored bytes are not the resource's message. */
  encode(event: WatchEvent): EncodedChange | undefined {
    const { kv } = event;
    const parsed = this.parseKey(kv.key);
    if (!parsed) return undefined;
    const { storage, namespace, name } = parsed;
    const type = storage.type;
    const object = storage.decode(kv);
    const changeType =
      event.type === "delete" ? "DELETED" : kv.createRevision === kv.modRevision ? "ADDED" : "MODIFIED";
    const payload = toBinary(
      ChangeSchema,
      create(ChangeSchema, {
        type: changeType,
        revision: BigInt(kv.modRevision),
        group: type.group,
        version: type.version,
        resource: type.resource,
        namespace,
        name,
        object: toBinary(type.schema as DescMessage, object),
      }),
    );
    const subject = changeSubject({
      group: type.group,
      resource: type.resource,
      namespace,
      name,
      nodeName: type.resource === "pods" && type.group === "" ? nodeNameOf(object) : "",
    });
    return { subject, payload, revision: kv.modRevision };
  }

  private parseKey(key: string) {
    if (!key.startsWith(REGISTRY_ROOT)) return undefined;
    const [resource = "", ...rest] = key.slice(REGISTRY_ROOT.length).split("/");
    const storage = this.storages.get(resource);
    if (!storage) return undefined;
    const expected = storage.type.namespaced ? 2 : 1;
    if (rest.length !== expected || rest.some((part) => part === "")) return undefined;
    return storage.type.namespaced
      ? { storage, namespace: rest[0] ?? "", name: rest[1] ?? "" }
      : { storage, namespace: "", name: rest[0] ?? "" };
  }
}

function nodeNameOf(object: Message): string {
  const spec = (object as { spec?: { nodeName?: unknown } }).spec;
  return typeof spec?.nodeName === "string" ? spec.nodeName : "";
}
