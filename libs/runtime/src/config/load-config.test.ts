import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { formatHelp } from "./format-help.js";
import { type LoadConfigOptions, loadConfig } from "./load-config.js";
import { type ConfigSchema, defineConfig } from "./schema.js";

const schema = defineConfig({
  apiPort: { type: "integer", default: 6443, min: 1, max: 65535, description: "Port of the API" },
  dataDir: { type: "string", default: "./.capstan", description: "Where state lives" },
  verbose: { type: "boolean", description: "Log more" },
  resync: { type: "duration", default: "10s", description: "Relist period" },
  disable: { type: "list", description: "Components to switch off" },
  token: { type: "string", description: "Optional token" },
  logFormat: { type: "string", default: "json", choices: ["json", "text"], description: "Log format" },
});

function load(argv: string[], env: NodeJS.ProcessEnv = {}, options: Partial<LoadConfigOptions> = {}) {
  const result = loadConfig(schema, { argv, env, ...options });
  if (result.help) throw new Error("unexpected help");
  return result;
}

function errorOf(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("uses defaults when nothing is given", () => {
    const { values, positionals } = load([]);
    expect(values).toEqual({
      apiPort: 6443,
      dataDir: "./.capstan",
      verbose: false,
      resync: 10_000,
      disable: [],
      token: undefined,
      logFormat: "json",
    });
    expect(positionals).toEqual([]);
  });

  it("reads flags in both spellings and keeps positionals", () => {
    const { values, positionals } = load(["up", "--api-port", "7000", "--data-dir=/tmp/x", "--verbose"]);
    expect(values.apiPort).toBe(7000);
    expect(values.dataDir).toBe("/tmp/x");
    expect(values.verbose).toBe(true);
    expect(positionals).toEqual(["up"]);
  });

  it("lets a flag win over the environment, which wins over the default", () => {
    const env = { CAPSTAN_API_PORT: "7001", CAPSTAN_DATA_DIR: "/env", CAPSTAN_VERBOSE: "yes" };
    const { values } = load(["--api-port=7002", "--no-verbose"], env);
    expect(values.apiPort).toBe(7002);
    expect(values.dataDir).toBe("/env");
    expect(values.verbose).toBe(false);
  });

  it("treats an empty environment variable as unset and honours another prefix", () => {
    expect(load([], { CAPSTAN_API_PORT: "" }).values.apiPort).toBe(6443);
    expect(load([], { KUBELET_API_PORT: "1234" }, { envPrefix: "KUBELET" }).values.apiPort).toBe(1234);
  });

  it("parses booleans from flags and environment", () => {
    expect(load(["--verbose=false"]).values.verbose).toBe(false);
    expect(load(["--verbose=1"]).values.verbose).toBe(true);
    expect(load([], { CAPSTAN_VERBOSE: "TRUE" }).values.verbose).toBe(true);
    expect(load([], { CAPSTAN_VERBOSE: "no" }).values.verbose).toBe(false);
    // A boolean flag never takes the next argument as its value.
    expect(load(["--verbose", "up"]).positionals).toEqual(["up"]);
  });

  it("parses durations", () => {
    expect(load(["--resync", "500ms"]).values.resync).toBe(500);
    expect(load(["--resync=2m"]).values.resync).toBe(120_000);
    expect(load(["--resync=1h30m"]).values.resync).toBe(5_400_000);
    expect(load(["--resync=1.5s"]).values.resync).toBe(1_500);
    expect(load(["--resync=0"]).values.resync).toBe(0);
  });

  it("adds up repeated list flags and splits commas; a flag replaces the environment's list", () => {
    expect(load(["--disable", "a,b", "--disable=c"]).values.disable).toEqual(["a", "b", "c"]);
    expect(load([], { CAPSTAN_DISABLE: "x, y,," }).values.disable).toEqual(["x", "y"]);
    expect(load(["--disable=z"], { CAPSTAN_DISABLE: "x" }).values.disable).toEqual(["z"]);
  });

  it("takes everything after -- as positionals", () => {
    expect(load(["--", "--api-port", "1"]).positionals).toEqual(["--api-port", "1"]);
    expect(load(["-"]).positionals).toEqual(["-"]);
  });

  it("accepts a value that starts with a single dash", () => {
    expect(load(["--token", "-abc"]).values.token).toBe("-abc");
  });

  it("reports --help and -h", () => {
    expect(loadConfig(schema, { argv: ["--api-port=1", "--help"], env: {} })).toEqual({ help: true });
    expect(loadConfig(schema, { argv: ["-h"], env: {} })).toEqual({ help: true });
  });

  it.each([
    [["--api-port", "abc"], {}, '--api-port: expected an integer, got "abc"'],
    [["--api-port=1.5"], {}, '--api-port: expected an integer, got "1.5"'],
    [["--api-port=70000"], {}, '--api-port: expected an integer from 1 to 65535, got "70000"'],
    [["--api-port=99999999999999999999"], {}, '--api-port: expected an integer, got "99999999999999999999"'],
    [[], { CAPSTAN_API_PORT: "x1" }, 'CAPSTAN_API_PORT: expected an integer, got "x1"'],
    [["--resync=10"], {}, '--resync: expected a duration like 10s, 500ms or 2m, got "10"'],
    [["--resync=-1s"], {}, '--resync: expected a duration like 10s, 500ms or 2m, got "-1s"'],
    [["--verbose=maybe"], {}, '--verbose: expected true or false, got "maybe"'],
    [["--log-format=xml"], {}, '--log-format: expected one of json, text, got "xml"'],
    [["--api-port"], {}, "--api-port: expected a value"],
    [["--api-port", "--verbose"], {}, "--api-port: expected a value"],
    [["--nope"], {}, "unknown flag --nope"],
    [["--nope=1"], {}, "unknown flag --nope"],
    [["-v"], {}, "unknown flag -v"],
    [["-api-port=1"], {}, "unknown flag -api-port=1"],
    [["--no-api-port"], {}, "unknown flag --no-api-port"],
    [["--no-verbose=true"], {}, "unknown flag --no-verbose"],
  ] as const)("rejects %j %j with a one-line ConfigError", (argv, env, message) => {
    const error = errorOf(() => load([...argv], env));
    expect(error.message).toBe(message);
    expect(error.message).not.toContain("\n");
  });

  it("fails for a missing required option, naming the flag and the variable", () => {
    const required = defineConfig({ storeUrl: { type: "string", required: true, description: "Store" } });
    const error = errorOf(() => loadConfig(required, { argv: [], env: {} }));
    expect(error.message).toBe("--store-url: required (or set CAPSTAN_STORE_URL)");
    const loaded = loadConfig(required, { argv: ["--store-url=etcd://x"], env: {} });
    expect(loaded.help ? undefined : loaded.values.storeUrl).toBe("etcd://x");
  });

  it("rejects a malformed schema or argv with a ConfigError", () => {
    const bad = (s: unknown) => errorOf(() => loadConfig(s as ConfigSchema, { argv: [], env: {} }));
    expect(bad({ "api-port": { type: "integer", description: "" } }).source).toBe("api-port");
    expect(bad({ help: { type: "boolean", description: "" } }).source).toBe("help");
    expect(bad({ x: { type: "float", description: "" } }).message).toContain("unknown type");
    expect(bad({ x: { type: "integer", default: "1", description: "" } }).message).toContain("default");
    expect(bad({ x: { type: "duration", default: "soon", description: "" } }).message).toContain("default");
    expect(bad(null).source).toBe("schema");
    const argvError = errorOf(() => loadConfig(schema, { argv: [1] as unknown as string[], env: {} }));
    expect(argvError.source).toBe("argv");
  });
});

describe("formatHelp", () => {
  it("lists every flag with type, default and environment variable", () => {
    const text = formatHelp(schema, { usage: "capstan up [flags]", summary: "Runs everything." });
    expect(text).toContain("Usage: capstan up [flags]\n\nRuns everything.\n\nFlags:\n");
    expect(text).toMatch(
      / {2}--api-port <integer> +Port of the API \(default 6443\) \[\$CAPSTAN_API_PORT\]\n/,
    );
    expect(text).toMatch(/--\[no-\]verbose +Log more \[\$CAPSTAN_VERBOSE\]/);
    expect(text).toMatch(/--resync <duration> +Relist period \(default 10s\)/);
    expect(text).toMatch(/--log-format <json\|text> +Log format \(default json\)/);
    expect(text).toMatch(/-h, --help +Show this help\n$/);
  });
});
