import type { Service } from "@capstan/api";
import { type FieldError, fieldError, nameValidators } from "@capstan/apimachinery";
import type { KindDefinition } from "../shared/kind-definition.js";
import { serviceColumns } from "./columns.js";
import { defaultService } from "./defaults.js";
import { validateService } from "./validate.js";

/** A cluster IP, once allocated, stays until the service becomes an ExternalName service. */
function validateServiceUpdate(service: Service, old: Service): FieldError[] {
  const before = old.spec?.clusterIp ?? "";
  const after = service.spec?.clusterIp ?? "";
  if (before === "" || after === before || service.spec?.type === "ExternalName") return [];
  return [fieldError.invalid("spec.clusterIP", after, "field is immutable")];
}

/** Service: a DNS-1035 label name, Kubernetes' defaults and port rules; kubectl's service columns. */
export const serviceKind: KindDefinition<Service> = {
  nameRule: nameValidators.dns1035Label,
  defaults: defaultService,
  validate: validateService,
  validateUpdate: validateServiceUpdate,
  columns: serviceColumns,
  selectableFields: (service) => ({
    "spec.clusterIP": service.spec?.clusterIp ?? "",
    "spec.type": service.spec?.type ?? "",
  }),
};
