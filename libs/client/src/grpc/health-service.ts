import { create, createFileRegistry, type Message, type MessageInitShape } from "@bufbuild/protobuf";
import { type GenMessage, type GenService, messageDesc, serviceDesc } from "@bufbuild/protobuf/codegenv2";
import {
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FileDescriptorProtoSchema,
  type MethodDescriptorProtoSchema,
} from "@bufbuild/protobuf/wkt";

/**
 * The standard gRPC health checking protocol (grpc.health.v1, doc/health-checking.md in grpc/grpc), described
 * here in code rather than generated, so client and server share it without a proto file of gRPC's own.
 */

/** Serving status of a service, as the health protocol numbers it. */
export const ServingStatus = { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } as const;
export type ServingStatus = (typeof ServingStatus)[keyof typeof ServingStatus];

/** Asks about one service by its full name; "" means the server as a whole. */
export type HealthCheckRequest = Message<"grpc.health.v1.HealthCheckRequest"> & { service: string };
export type HealthCheckResponse = Message<"grpc.health.v1.HealthCheckResponse"> & { status: ServingStatus };

const PACKAGE = "grpc.health.v1";
const LABEL_OPTIONAL = FieldDescriptorProto_Label.OPTIONAL;

const file = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: "grpc/health/v1/health.proto",
    package: PACKAGE,
    syntax: "proto3",
    messageType: [
      {
        name: "HealthCheckRequest",
        field: [
          {
            name: "service",
            number: 1,
            label: LABEL_OPTIONAL,
            type: FieldDescriptorProto_Type.STRING,
            jsonName: "service",
          },
        ],
      },
      {
        name: "HealthCheckResponse",
        field: [
          {
            name: "status",
            number: 1,
            label: LABEL_OPTIONAL,
            type: FieldDescriptorProto_Type.ENUM,
            typeName: `.${PACKAGE}.HealthCheckResponse.ServingStatus`,
            jsonName: "status",
          },
        ],
        enumType: [
          {
            name: "ServingStatus",
            value: Object.entries(ServingStatus).map(([name, number]) => ({ name, number })),
          },
        ],
      },
    ],
    service: [
      {
        name: "Health",
        method: [method("Check", false), method("Watch", true)],
      },
    ],
  }),
  () => undefined,
).getFile("grpc/health/v1/health.proto");

function method(
  name: string,
  serverStreaming: boolean,
): MessageInitShape<typeof MethodDescriptorProtoSchema> {
  return {
    name,
    inputType: `.${PACKAGE}.HealthCheckRequest`,
    outputType: `.${PACKAGE}.HealthCheckResponse`,
    serverStreaming,
  };
}

if (!file) throw new Error("grpc.health.v1: descriptor did not build");

/** The health descriptor file (for server reflection). */
export const healthFile = file;
export const HealthCheckRequestSchema: GenMessage<HealthCheckRequest> = messageDesc(file, 0);
export const HealthCheckResponseSchema: GenMessage<HealthCheckResponse> = messageDesc(file, 1);

/** `grpc.health.v1.Health`: Check (unary) and Watch (a stream of status changes). */
export const HealthService: GenService<{
  check: {
    methodKind: "unary";
    input: typeof HealthCheckRequestSchema;
    output: typeof HealthCheckResponseSchema;
  };
  watch: {
    methodKind: "server_streaming";
    input: typeof HealthCheckRequestSchema;
    output: typeof HealthCheckResponseSchema;
  };
}> = serviceDesc(file, 0);
