import type { ResourceRequirements } from "@capstan/api";
import {
  ApiError,
  type FieldError,
  fieldError,
  parseQuantity,
  Quantity,
  validateQualifiedName,
} from "@capstan/apimachinery";

const STANDARD_CONTAINER_RESOURCES = new Set(["cpu", "memory", "ephemeral-storage"]);
const HUGE_PAGES_PREFIX = "hugepages-";

/** Native resources have no domain or the kubernetes.io domain. */
function isNative(name: string): boolean {
  return !name.includes("/") || name.includes("kubernetes.io/");
}

/** Requests of these may be below their limits; hugepages and extended resources need request = limit. */
function overcommitAllowed(name: string): boolean {
  return isNative(name) && !name.startsWith(HUGE_PAGES_PREFIX);
}

function validateResourceName(name: string, path: string): FieldError[] {
  const errors = validateQualifiedName(name).map((problem) => fieldError.invalid(path, name, problem));
  if (errors.length > 0) return errors;
  if (!name.includes("/")) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith(HUGE_PAGES_PREFIX))
      errors.push(fieldError.invalid(path, name, "must be a standard resource for containers"));
  } else if (!isNative(name) && name.startsWith("requests.")) {
    errors.push(fieldError.invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errors;
}

/** Parses one quantity of a resource map, adding the errors of an unreadable or negative value. */
function readQuantity(name: string, text: string, path: string, errors: FieldError[]): Quantity | undefined {
  let quantity: Quantity;
  try {
    quantity = parseQuantity(text);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    errors.push(fieldError.invalid(path, text, error.message));
    return undefined;
  }
  if (quantity.cmp(Quantity.zero()) < 0)
    errors.push(fieldError.invalid(path, text, "must be greater than or equal to 0"));
  else if (!isNative(name) && quantity.milliValue() % 1000 !== 0)
    errors.push(fieldError.invalid(path, text, "must be an integer"));
  return quantity;
}

/**
 * A container's requests and limits: standard or extended resource names, valid non-negative quantities,
 * requests no greater than limits (equal for resources that cannot be overcommitted).
 */
export function validateResourceRequirements(
  resources: ResourceRequirements | undefined,
  path: string,
): FieldError[] {
  if (!resources) return [];
  const errors: FieldError[] = [];
  const limits = new Map<string, Quantity>();
  for (const [name, text] of Object.entries(resources.limits)) {
    const at = `${path}.limits[${name}]`;
    errors.push(...validateResourceName(name, at));
    const quantity = readQuantity(name, text, at, errors);
    if (quantity) limits.set(name, quantity);
  }
  for (const [name, text] of Object.entries(resources.requests)) {
    const at = `${path}.requests[${name}]`;
    errors.push(...validateResourceName(name, at));
    const request = readQuantity(name, text, at, errors);
    const limit = limits.get(name);
    if (!request) continue;
    if (limit === undefined) {
      if (!overcommitAllowed(name) && !(name in resources.limits))
        errors.push(
          fieldError.required(`${path}.limits`, "Limit must be set for non overcommitable resources"),
        );
    } else if (!overcommitAllowed(name) && !request.equals(limit)) {
      errors.push(
        fieldError.invalid(
          `${path}.requests`,
          request.toString(),
          `must be equal to ${name} limit of ${limit}`,
        ),
      );
    } else if (request.cmp(limit) > 0) {
      errors.push(
        fieldError.invalid(
          `${path}.requests`,
          request.toString(),
          `must be less than or equal to ${name} limit of ${limit}`,
        ),
      );
    }
  }
  return errors;
}
