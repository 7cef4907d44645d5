import { proxyDefinition } from "@capstan/proxy";
import { componentMain } from "@capstan/runtime";

await componentMain(proxyDefinition);
