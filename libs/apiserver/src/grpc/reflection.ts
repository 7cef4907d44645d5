import type { DescFile, DescService } from "@bufbuild/protobuf";
import { toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { Server } from "@grpc/grpc-js";
import { ReflectionService } from "@grpc/reflection";

/**
 * Adds gRPC server reflection (grpc.reflection.v1 and v1alpha) describing `services`, so grpcurl-style
 * clients can list the services and fetch their descriptors. @grpc/reflection reads serialised
 * FileDescriptorProtos from a proto-loader package definition; this builds that shape from the protobuf-es
 * descriptors (each service's file and every file it imports).
 */
export function addReflection(server: Server, services: readonly DescService[]): void {
  const files = new Map<string, DescFile>();
  const visit = (file: DescFile) => {
    if (files.has(file.name)) return;
    files.set(file.name, file);
    for (const dependency of file.dependencies) visit(dependency);
  };
  for (const service of services) visit(service.file);
  const fileDescriptorProtos = [...files.values()].map((file) =>
    Buffer.from(toBinary(FileDescriptorProtoSchema, file.proto)),
  );
  const packageDefinition = Object.fromEntries(
    services.map((service) => [service.typeName, { fileDescriptorProtos }]),
  );
  const reflection = new ReflectionService(
    packageDefinition as unknown as ConstructorParameters<typeof ReflectionService>[0],
    { services: services.map((service) => service.typeName) },
  );
  reflection.addToServer(server);
}
