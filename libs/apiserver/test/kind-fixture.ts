import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { decodeObject, findKind, type ResourceType } from "@capstan/api";
import { strategyFor } from "../src/kinds/index.js";
import type { ResourceStrategy } from "../src/registry/strategy.js";

/** What a kind's unit tests need: its resource type, its strategy and builders of its objects. */
export interface KindFixture<T> {
  readonly type: ResourceType;
  readonly strategy: ResourceStrategy;
  /** Decodes a JSON object strictly (an unknown field throws), without defaults. */
  decode(json: Record<string, unknown>): T;
  /** Decodes a JSON object strictly, then fills the strategy's defaults, as the registry does on create. */
  defaulted(json: Record<string, unknown>): T;
}

/**
 * Looks up `apiVersion`/`kind` in the resource table and binds its strategy, for the tests of that kind.
 * Throws when the table has no such kind, so a renamed kind fails its tests at once.
 */
export function kindFixture<Desc extends DescMessage>(
  apiVersion: string,
  kind: string,
  schema: Desc,
): KindFixture<MessageShape<Desc>> {
  const type = findKind(apiVersion, kind);
  if (!type) throw new Error(`the resource table has no ${kind}`);
  const strategy = strategyFor(type);
  const decode = (json: Record<string, unknown>): MessageShape<Desc> =>
    decodeObject(schema, json, { unknownFields: "strict" }).message;
  return {
    type,
    strategy,
    decode,
    defaulted(json) {
      const object = decode(json);
      strategy.defaults(object);
      return object;
    },
  };
}
