/** What `GET /version` answers. Every field is a string: kubectl fails to parse numbers. */
export interface VersionInfo {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion: string;
  readonly gitCommit: string;
  readonly gitTreeState: string;
  readonly buildDate: string;
  readonly goVersion: string;
  readonly compiler: string;
  readonly platform: string;
}

/**
 * The version Capstan reports: Kubernetes 1.32, the API it implements. kubectl picks its client version
 * from `minor` and warns beyond one minor version of skew.
 */
export function versionInfo(): VersionInfo {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  return {
    major: "1",
    minor: "32",
    gitVersion: "v1.32.0-capstan",
    gitCommit: "",
    gitTreeState: "clean",
    buildDate: "2026-01-01T00:00:00Z",
    goVersion: `node${process.versions.node}`,
    compiler: "tsc",
    platform: `${process.platform}/${arch}`,
  };
}
