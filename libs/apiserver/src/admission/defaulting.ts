import type { MutatingAdmissionPlugin } from "./admission.js";

/** Fills the kind's defaults (restartPolicy, imagePullPolicy, ...) on every create and update. */
export const defaultingPlugin: MutatingAdmissionPlugin = {
  name: "Defaulting",
  admit(request) {
    if (request.object && (request.operation === "CREATE" || request.operation === "UPDATE")) {
      request.strategy.defaults(request.object);
    }
  },
};
