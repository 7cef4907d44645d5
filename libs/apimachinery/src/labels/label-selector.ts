import { ApiError } from "../api-error.js";
import { isRecord } from "../status.js";
import {
  formatLabelRequirement,
  type LabelRequirement,
  type Labels,
  labelRequirementMatches,
  newLabelRequirement,
} from "./label-requirement.js";
import { parseLabelRequirements } from "./label-selector-parser.js";

/**
 * A parsed label selector: all requirements must hold. Two special selectors exist, as in Kubernetes:
 * "everything" (no requirements, e.g. an empty string or `{}`) and "nothing" (an absent selector object).
 */
export class LabelSelector {
  private constructor(
    readonly requirements: readonly LabelRequirement[],
    private readonly selectsNothing: boolean,
  ) {}

  /** Matches every label set. */
  static everything(): LabelSelector {
    return new LabelSelector([], false);
  }

  /** Matches no label set (Kubernetes' meaning of a nil selector). */
  static nothing(): LabelSelector {
    return new LabelSelector([], true);
  }

  /** A selector of the given requirements, sorted by key. */
  static of(requirements: readonly LabelRequirement[]): LabelSelector {
    if (!Array.isArray(requirements) || !requirements.every(isRequirement))
      throw ApiError.badRequest("a label selector needs a list of requirements made by newLabelRequirement");
    return new LabelSelector(
      [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      false,
    );
  }

  /** Whether `labels` (absent means none) satisfies every requirement. */
  matches(labels: Labels | undefined | null): boolean {
    if (this.selectsNothing) return false;
    if (labels !== undefined && labels !== null && !isRecord(labels))
      throw ApiError.badRequest("labels must be an object of strings");
    const set = labels ?? {};
    return this.requirements.every((requirement) => labelRequirementMatches(requirement, set));
  }

  isEverything(): boolean {
    return !this.selectsNothing && this.requirements.length === 0;
  }

  isNothing(): boolean {
    return this.selectsNothing;
  }

  /** Canonical text: requirements sorted by key, values sorted, `==` written as `=`. */
  toString(): string {
    return this.requirements.map(formatLabelRequirement).join(",");
  }
}

/** Parses `app=web,tier!=db,env in (a,b),!legacy`; bad input throws ApiError.badRequest. */
export function parseLabelSelector(input: string): LabelSelector {
  return LabelSelector.of(parseLabelRequirements(input));
}

/** A selector requiring each label of `labels` to equal its value (Kubernetes' SelectorFromSet). */
export function labelSelectorFromSet(labels: Labels): LabelSelector {
  if (!isRecord(labels)) throw ApiError.badRequest("labels must be an object of strings");
  return LabelSelector.of(
    Object.entries(labels).map(([key, value]) => newLabelRequirement(key, "=", [value])),
  );
}

function isRequirement(value: unknown): value is LabelRequirement {
  return (
    isRecord(value) &&
    typeof value.key === "string" &&
    typeof value.operator === "string" &&
    Array.isArray(value.values)
  );
}
