import type { DescMessage, Message } from "@bufbuild/protobuf";
import { apiVersionOf, BindingSchema, type Namespace } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { metaOf } from "../../registry/object-meta.js";
import type { ApiRequest } from "../api-request.js";
import { decodeBody } from "../body-codec.js";
import { writeBody, writeObject } from "../output.js";
import { readRequestBody } from "../request-body.js";

/** POST to a collection: create. */
export async function handleCreate(request: ApiRequest): Promise<void> {
  const object = await readObject(request);
  const created = await request.registry.create(request.namespace, object, request.query.write());
  writeObject(request, 201, created);
}

/** PUT of an object, of its status, or of a namespace's finalizers. */
export async function handleUpdate(request: ApiRequest, name: string): Promise<void> {
  const object = await readObject(request);
  const bodyName = metaOf(object).name;
  if (bodyName !== name) {
    throw ApiError.badRequest(
      `the name of the object (${bodyName}) does not match the name on the URL (${name})`,
    );
  }
  const { registry, namespace, query } = request;
  const subresource = request.path.subresource;
  const result =
    subresource === "status"
      ? await registry.updateStatus(namespace, name, object, query.write())
      : subresource === "finalize"
        ? await registry.finalize(name, object as Namespace, query.write())
        : await registry.update(namespace, name, object, query.write());
  writeObject(request, 200, result.object);
}

/** POST pods/<name>/binding: what the scheduler sends. Answers a Success Status, as Kubernetes does. */
export async function handleBinding(request: ApiRequest, name: string): Promise<void> {
  const body = await readRequestBody(request.req);
  const expected = { apiVersion: "v1", kind: "Binding" };
  const { message, warnings } = decodeBody(BindingSchema, body, request.query.unknownFields(), expected);
  request.warnings.push(...warnings);
  const meta = metaOf(message);
  if (meta.name && meta.name !== name) {
    throw ApiError.badRequest(
      `the name of the object (${meta.name}) does not match the name on the URL (${name})`,
    );
  }
  checkNamespace(request, meta.namespace);
  await request.registry.bind(request.namespace, name, message, request.query.write());
  writeBody(
    request,
    201,
    { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 },
    "json",
  );
}

/** Reads the body as an object of the request's resource (apiVersion and kind checked, namespace matched). */
async function readObject(request: ApiRequest): Promise<Message> {
  const type = request.registry.type;
  const body = await readRequestBody(request.req);
  const expected = { apiVersion: apiVersionOf(type), kind: type.kind };
  const { message, warnings } = decodeBody(
    type.schema as DescMessage,
    body,
    request.query.unknownFields(),
    expected,
  );
  request.warnings.push(...warnings);
  if (type.namespaced) checkNamespace(request, metaOf(message).namespace);
  return message;
}

function checkNamespace(request: ApiRequest, namespace: string): void {
  if (namespace && namespace !== request.namespace) {
    throw ApiError.badRequest(
      "the namespace of the provided object does not match the namespace sent on the request",
    );
  }
}
