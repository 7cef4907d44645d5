import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { DecodeError } from "../codec/codec-error.js";
import { expectWireType, forEachField } from "./wire-fields.js";

/** The media type of Kubernetes' protobuf encoding. */
export const KUBERNETES_PROTOBUF = "application/vnd.kubernetes.protobuf";

/** The four bytes every Kubernetes protobuf document starts with: "k8s" and a zero byte. */
const MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** What runtime.Unknown carries: the object's apiVersion and kind, and its bytes. */
export interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  readonly raw: Uint8Array;
}

/**
 * Reads the magic and the runtime.Unknown that follows it:
 * {typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2, contentEncoding = 3, contentType = 4}.
 * Throws DecodeError for anything else, or for a content encoding or type other than plain protobuf.
 */
export function readEnvelope(bytes: Uint8Array): Envelope {
  if (bytes.length < MAGIC.length || MAGIC.some((byte, i) => bytes[i] !== byte)) {
    throw DecodeError.invalidValue("", 'not Kubernetes protobuf: the data does not start with "k8s\\0"');
  }
  let apiVersion = "";
  let kind = "";
  let raw: Uint8Array = new Uint8Array(0);
  let contentEncoding = "";
  let contentType = "";
  forEachField(bytes.subarray(MAGIC.length), "", (number, wireType, reader) => {
    if (number < 1 || number > 4) return false;
    expectWireType(WireType.LengthDelimited, wireType, "");
    if (number === 1) {
      forEachField(reader.bytes(), "", (inner, innerWireType, typeMeta) => {
        if (inner !== 1 && inner !== 2) return false;
        expectWireType(WireType.LengthDelimited, innerWireType, "");
        if (inner === 1) apiVersion = typeMeta.string(true);
        else kind = typeMeta.string(true);
        return true;
      });
    } else if (number === 2) raw = reader.bytes();
    else if (number === 3) contentEncoding = reader.string(true);
    else contentType = reader.string(true);
    return true;
  });
  if (contentEncoding !== "") {
    throw DecodeError.invalidValue("", `unsupported content encoding ${JSON.stringify(contentEncoding)}`);
  }
  if (contentType !== "" && contentType !== KUBERNETES_PROTOBUF) {
    throw DecodeError.invalidValue("", `unsupported content type ${JSON.stringify(contentType)}`);
  }
  return { apiVersion, kind, raw };
}

/** Writes the magic and a runtime.Unknown around `raw`, all four fields present as Kubernetes writes them. */
export function writeEnvelope(envelope: Envelope): Uint8Array {
  const writer = new BinaryWriter().raw(MAGIC);
  writer.tag(1, WireType.LengthDelimited).fork();
  writer.tag(1, WireType.LengthDelimited).string(envelope.apiVersion);
  writer.tag(2, WireType.LengthDelimited).string(envelope.kind);
  writer.join();
  writer.tag(2, WireType.LengthDelimited).bytes(envelope.raw);
  writer.tag(3, WireType.LengthDelimited).string("");
  writer.tag(4, WireType.LengthDelimited).string("");
  return writer.finish();
}
