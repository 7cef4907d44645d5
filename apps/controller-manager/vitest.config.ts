import { sharedConfig } from "@capstan/config/vitest";

export default sharedConfig;
