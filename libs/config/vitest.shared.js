// @ts-check
import { defineConfig } from "vitest/config";

/**
 * Resolve workspace packages through their "development" export (TypeScript sources), so tests never
 * depend on a previous build; production code resolves the same packages through dist/.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ["development", "node", "import", "default"] },
  ssr: {
    resolve: {
      conditions: ["development", "node", "import", "default"],
      externalConditions: ["development"],
    },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
