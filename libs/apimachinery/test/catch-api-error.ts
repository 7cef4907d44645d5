import { ApiError } from "../src/api-error.js";

/** The ApiError `action` throws, for tests that check its code or details; fails when it throws nothing or something else. */
export function catchApiError(action: () => unknown): ApiError {
  try {
    action();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}
