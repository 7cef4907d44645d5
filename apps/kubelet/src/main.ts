import { kubeletDefinition } from "@capstan/kubelet";
import { componentMain } from "@capstan/runtime";

await componentMain(kubeletDefinition);
