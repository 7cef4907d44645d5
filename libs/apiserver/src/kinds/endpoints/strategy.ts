import type { EndpointPort, Endpoints } from "@capstan/api";
import { type FieldError, fieldError, validateDns1123Label } from "@capstan/apimachinery";
import { ageColumn } from "../../registry/default-strategy.js";
import type { KindDefinition } from "../shared/kind-definition.js";
import { PROTOCOLS } from "../shared/protocols.js";
import { validateIp, validatePortNumber } from "../shared/value-rules.js";
import { formatEndpoints } from "./format.js";

function defaultEndpoints(endpoints: Endpoints): void {
  for (const subset of endpoints.subsets)
    for (const port of subset.ports) if (port.protocol === "") port.protocol = "TCP";
}

function validateEndpoints(endpoints: Endpoints): FieldError[] {
  const errors: FieldError[] = [];
  for (const [s, subset] of endpoints.subsets.entries()) {
    const path = `subsets[${s}]`;
    for (const [field, addresses] of [
      ["addresses", subset.addresses],
      ["notReadyAddresses", subset.notReadyAddresses],
    ] as const) {
      for (const [a, address] of addresses.entries())
        for (const problem of validateIp(address.ip))
          errors.push(fieldError.invalid(`${path}.${field}[${a}].ip`, address.ip, problem));
    }
    errors.push(...validatePorts(subset.ports, `${path}.ports`));
  }
  return errors;
}

function validatePorts(ports: readonly EndpointPort[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  for (const [index, port] of ports.entries()) {
    const at = `${path}[${index}]`;
    if (port.name === "" && ports.length > 1) errors.push(fieldError.required(`${at}.name`));
    if (port.name !== "") {
      for (const problem of validateDns1123Label(port.name))
        errors.push(fieldError.invalid(`${at}.name`, port.name, problem));
      if (names.has(port.name)) errors.push(fieldError.duplicate(`${at}.name`, port.name));
      names.add(port.name);
    }
    for (const problem of validatePortNumber(port.port ?? 0))
      errors.push(fieldError.invalid(`${at}.port`, port.port ?? 0, problem));
    if (!PROTOCOLS.includes(port.protocol))
      errors.push(fieldError.notSupported(`${at}.protocol`, port.protocol, PROTOCOLS));
  }
  return errors;
}

/** Endpoints: valid addresses and ports (protocol TCP by default); `ENDPOINTS AGE` columns. */
export const endpointsKind: KindDefinition<Endpoints> = {
  defaults: defaultEndpoints,
  validate: validateEndpoints,
  columns: [
    {
      name: "Endpoints",
      type: "string",
      description: "The ready addresses and ports of the service.",
      priority: 0,
      cell: formatEndpoints,
    },
    ageColumn,
  ],
};
