import { podManifest } from "./manifests.js";

/*
 * Requests the REST API must refuse, each with the Status it must answer (bad-input.test.ts sends them).
 */

export const pods = "/api/v1/namespaces/default/pods";
export const pod = podManifest("p");
const containers = (pod.spec as { containers: unknown[] }).containers;

export interface BadRequestCase {
  readonly name: string;
  readonly method?: string;
  readonly path?: string;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly status: number;
  readonly reason: string;
  /** A fragment the Status message must contain, so the client learns what was wrong. */
  readonly says: string;
}

export const cases: readonly BadRequestCase[] = [
  {
    name: "malformed JSON",
    body: '{"apiVersion": "v1", "kind": ',
    status: 400,
    reason: "BadRequest",
    says: "JSON",
  },
  {
    name: "malformed YAML",
    body: "apiVersion: v1\nkind: Pod\nmetadata: {name: y\n  - : ]",
    contentType: "application/yaml",
    status: 400,
    reason: "BadRequest",
    says: "YAML",
  },
  { name: "a JSON array for an object", body: "[1, 2]", status: 400, reason: "BadRequest", says: "object" },
  { name: "an empty body", body: "", status: 400, reason: "BadRequest", says: "" },
  {
    name: "the wrong apiVersion",
    body: { ...pod, apiVersion: "apps/v1" },
    status: 400,
    reason: "BadRequest",
    says: "apps/v1",
  },
  {
    name: "the wrong kind",
    body: { ...pod, kind: "Service" },
    status: 400,
    reason: "BadRequest",
    says: "Service",
  },
  {
    name: "an upper-case name",
    body: { ...pod, metadata: { name: "Upper" } },
    status: 422,
    reason: "Invalid",
    says: 'metadata.name: Invalid value: "Upper"',
  },
  {
    name: "a name of 254 characters",
    body: { ...pod, metadata: { name: "a".repeat(254) } },
    status: 422,
    reason: "Invalid",
    says: "metadata.name: Invalid value",
  },
  {
    name: "an invalid label key",
    body: { ...pod, metadata: { name: "lbl", labels: { "bad key": "x" } } },
    status: 422,
    reason: "Invalid",
    says: "metadata.labels: Invalid value",
  },
  {
    name: "labels of the wrong type",
    body: { ...pod, metadata: { name: "t1", labels: 5 } },
    status: 400,
    reason: "BadRequest",
    says: "metadata.labels",
  },
  {
    name: "containers of the wrong type",
    body: { ...pod, metadata: { name: "t2" }, spec: { containers: "nginx" } },
    status: 400,
    reason: "BadRequest",
    says: "spec.containers",
  },
  {
    name: "a string for an integer",
    body: { ...pod, metadata: { name: "t3" }, spec: { containers, activeDeadlineSeconds: "ten" } },
    status: 400,
    reason: "BadRequest",
    says: "activeDeadlineSeconds",
  },
  {
    name: "replicas out of range",
    path: "/apis/apps/v1/namespaces/default/deployments",
    body: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "neg" },
      spec: {
        replicas: -1,
        selector: { matchLabels: { app: "x" } },
        template: { metadata: { labels: { app: "x" } }, spec: { containers } },
      },
    },
    status: 422,
    reason: "Invalid",
    says: "spec.replicas",
  },
  {
    name: "an unknown field under Strict",
    path: `${pods}?fieldValidation=Strict`,
    body: { ...pod, metadata: { name: "u1" }, spek: {} },
    status: 400,
    reason: "BadRequest",
    says: 'unknown field "spek"',
  },
  {
    name: "an unknown fieldValidation",
    path: `${pods}?fieldValidation=Sometimes`,
    body: pod,
    status: 400,
    reason: "BadRequest",
    says: "fieldValidation",
  },
  {
    name: "a body over 3 MiB",
    body: { ...pod, metadata: { name: "big", annotations: { blob: "x".repeat(3 * 1024 * 1024) } } },
    status: 413,
    reason: "RequestEntityTooLarge",
    says: "too large",
  },
  {
    name: "a text body",
    body: "name: x",
    contentType: "text/plain",
    status: 415,
    reason: "UnsupportedMediaType",
    says: "",
  },
  {
    name: "a bad label selector",
    method: "GET",
    path: `${pods}?labelSelector=app%20in%20(`,
    status: 400,
    reason: "BadRequest",
    says: "",
  },
  {
    name: "a bad label value",
    method: "GET",
    path: `${pods}?labelSelector=app%3D%25%25`,
    status: 400,
    reason: "BadRequest",
    says: "",
  },
  {
    name: "an unsupported field selector",
    method: "GET",
    path: `${pods}?fieldSelector=spec.unknown%3Dx`,
    status: 400,
    reason: "BadRequest",
    says: "spec.unknown",
  },
  {
    name: "a malformed field selector",
    method: "GET",
    path: `${pods}?fieldSelector=%3D%3D`,
    status: 400,
    reason: "BadRequest",
    says: "",
  },
  {
    name: "a non-numeric limit",
    method: "GET",
    path: `${pods}?limit=ten`,
    status: 400,
    reason: "BadRequest",
    says: "limit",
  },
  {
    name: "a garbage continue token",
    method: "GET",
    path: `${pods}?limit=1&continue=%7B%7D`,
    status: 400,
    reason: "BadRequest",
    says: "continue",
  },
  {
    name: "a non-numeric resourceVersion",
    method: "GET",
    path: `${pods}?watch=1&resourceVersion=abc`,
    status: 400,
    reason: "BadRequest",
    says: "abc",
  },
  {
    name: "an unknown resource",
    method: "GET",
    path: "/api/v1/namespaces/default/widgets",
    status: 404,
    reason: "NotFound",
    says: "",
  },
  {
    name: "a namespace that does not exist",
    path: "/api/v1/namespaces/nope/pods",
    body: pod,
    status: 404,
    reason: "NotFound",
    says: "nope",
  },
  {
    name: "PUT on a collection",
    method: "PUT",
    body: pod,
    status: 405,
    reason: "MethodNotAllowed",
    says: "",
  },
  {
    name: "an unknown patch type",
    method: "PATCH",
    path: `${pods}/p`,
    body: "{}",
    contentType: "application/foo+json",
    status: 415,
    reason: "UnsupportedMediaType",
    says: "",
  },
  {
    name: "a JSON patch that is not a list",
    method: "PATCH",
    path: `${pods}/p`,
    body: '{"op": "add"}',
    contentType: "application/json-patch+json",
    status: 400,
    reason: "BadRequest",
    says: "",
  },
  {
    name: "delete options of the wrong type",
    method: "DELETE",
    path: `${pods}/p`,
    body: { gracePeriodSeconds: "soon" },
    status: 400,
    reason: "BadRequest",
    says: "gracePeriodSeconds",
  },
];
