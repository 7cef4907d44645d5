import { createLogger, type Logger } from "@capstan/runtime";

/** Log lines are dropped unless CAPSTAN_TEST_LOG names a level. */
export const testLogger: Logger = createLogger({
  component: "hollow-node-test",
  level: process.env.CAPSTAN_TEST_LOG ?? "silent",
});
