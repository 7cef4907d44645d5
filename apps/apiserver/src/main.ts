import { apiServerDefinition } from "@capstan/apiserver";
import { componentMain } from "@capstan/runtime";

await componentMain(apiServerDefinition);
