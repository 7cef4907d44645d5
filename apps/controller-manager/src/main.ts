import { controllerManagerDefinition } from "@capstan/controllers";
import { componentMain } from "@capstan/runtime";

await componentMain(controllerManagerDefinition);
