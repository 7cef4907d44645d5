import { create } from "@bufbuild/protobuf";
import {
  type DownwardAPIVolumeFile,
  EmptyDirVolumeSourceSchema,
  PodSecurityContextSchema,
  type PodSpec,
  type Volume,
} from "@capstan/api";
import { defaultContainer } from "./container-defaults.js";
import { volumeSourcesOf } from "./volume-sources.js";

/** Kubernetes' default file mode of projected files (0644). */
const DEFAULT_MODE = 0o644;
const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30n;
/** A projected service account token lives an hour unless asked otherwise. */
const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600n;

/**
 * Fills a pod spec's defaults as Kubernetes does for pods and for the pod templates of workloads
 * (SetDefaults_PodSpec and the defaulters of its containers and volumes).
 */
export function defaultPodSpec(spec: PodSpec): void {
  if (spec.restartPolicy === "") spec.restartPolicy = "Always";
  if (spec.dnsPolicy === "") spec.dnsPolicy = "ClusterFirst";
  if (spec.schedulerName === "") spec.schedulerName = "default-scheduler";
  spec.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  spec.securityContext ??= create(PodSecurityContextSchema);
  spec.enableServiceLinks ??= true;
  // serviceAccount is the deprecated spelling of serviceAccountName: Kubernetes keeps the two equal.
  if (spec.serviceAccountName === "" && spec.serviceAccount !== "")
    spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName !== "") spec.serviceAccount = spec.serviceAccountName;
  for (const container of [...spec.initContainers, ...spec.containers])
    defaultContainer(container, spec.hostNetwork);
  for (const volume of spec.volumes) defaultVolume(volume);
}

function defaultVolume(volume: Volume): void {
  // A volume that names no source is an emptyDir.
  if (volumeSourcesOf(volume).length === 0) volume.emptyDir = create(EmptyDirVolumeSourceSchema);
  if (volume.secret) volume.secret.defaultMode ??= DEFAULT_MODE;
  if (volume.configMap) volume.configMap.defaultMode ??= DEFAULT_MODE;
  if (volume.hostPath) volume.hostPath.type ??= "";
  if (volume.downwardApi) {
    volume.downwardApi.defaultMode ??= DEFAULT_MODE;
    defaultDownwardApiFiles(volume.downwardApi.items);
  }
  if (volume.projected) {
    volume.projected.defaultMode ??= DEFAULT_MODE;
    for (const source of volume.projected.sources) {
      if (source.downwardApi) defaultDownwardApiFiles(source.downwardApi.items);
      if (source.serviceAccountToken)
        source.serviceAccountToken.expirationSeconds ??= DEFAULT_TOKEN_EXPIRATION_SECONDS;
    }
  }
}

function defaultDownwardApiFiles(files: readonly DownwardAPIVolumeFile[]): void {
  for (const file of files)
    if (file.fieldRef && file.fieldRef.apiVersion === "") file.fieldRef.apiVersion = "v1";
}
