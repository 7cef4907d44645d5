import { RuntimeError } from "./runtime-error.js";

/** Kubernetes' image pull policies. */
export type PullPolicy = "Always" | "IfNotPresent" | "Never";

/** A parsed image reference: what to pull (always with a tag or digest) and whether it named a tag. */
export interface ImageRef {
  /** The reference as written in the pod spec. */
  readonly original: string;
  /** The reference to pull and run: `:latest` added when neither a tag nor a digest is given. */
  readonly normalized: string;
  /** True when the tag is `latest` (explicit or implied) and there is no digest. */
  readonly latest: boolean;
}

// The grammar of github.com/distribution/reference, condensed: [domain[:port]/]path[:tag][@digest].
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const DOMAIN =
  "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?";
const REFERENCE = new RegExp(
  `^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`,
);

/** Parses an image reference; throws RuntimeError InvalidImageName for one Docker would refuse. */
export function parseImageRef(image: unknown): ImageRef {
  if (typeof image !== "string" || image.length === 0 || image.length > 4096) {
    throw new RuntimeError("InvalidImageName", `invalid image name ${JSON.stringify(image)}`);
  }
  const match = REFERENCE.exec(image);
  // A first component without a dot, colon or "localhost" is a path, not a domain: the regexp allows
  // upper case only in a domain, so a bare upper-case name is refused here.
  const domain = match?.[1];
  if (
    !match ||
    (domain !== undefined && !/[.:]|^localhost$/.test(domain) && domain !== domain.toLowerCase())
  ) {
    throw new RuntimeError("InvalidImageName", `invalid image name ${JSON.stringify(image)}`);
  }
  const tag = match[3];
  const digest = match[4];
  const normalized = tag || digest ? image : `${image}:latest`;
  return { original: image, normalized, latest: !digest && (tag === undefined || tag === "latest") };
}

/** Kubernetes' default: Always for `:latest` (or no tag), IfNotPresent otherwise. */
export function effectivePullPolicy(policy: string | undefined, ref: ImageRef): PullPolicy {
  if (policy === "Always" || policy === "IfNotPresent" || policy === "Never") return policy;
  if (policy) throw new RuntimeError("InvalidArgument", `unknown imagePullPolicy ${JSON.stringify(policy)}`);
  return ref.latest ? "Always" : "IfNotPresent";
}
