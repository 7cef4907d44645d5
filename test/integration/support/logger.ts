import { createLogger, type Logger } from "@capstan/runtime";

/**
 * The logger of servers started by integration tests: silent unless `CAPSTAN_TEST_LOG` names a level
 * (e.g. `CAPSTAN_TEST_LOG=debug npx vitest run integration/kubectl-get.test.ts` to see the apiserver).
 */
export const silentLogger: Logger = createLogger({
  component: "integration-test",
  level: process.env.CAPSTAN_TEST_LOG ?? "silent",
  destination: process.stderr,
});
