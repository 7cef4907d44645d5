import { describe, expect, it } from "vitest";
import { createBearerAuthenticator } from "./bearer-authenticator.js";
import { parseTokenFile, TokenFileError } from "./token-file.js";

const FILE = `# tokens of the compose cluster
admin-token,admin,1,"system:masters,team a"
sched-token, system:kube-scheduler ,2

kubelet-token,system:node:n1,3,system:nodes
`;

describe("parseTokenFile", () => {
  it("reads users, uids and quoted group lists, skipping comments and blank lines", () => {
    const tokens = parseTokenFile(FILE);
    expect([...tokens.keys()]).toEqual(["admin-token", "sched-token", "kubelet-token"]);
    expect(tokens.get("admin-token")).toEqual({
      name: "admin",
      uid: "1",
      groups: ["system:masters", "team a"],
    });
    expect(tokens.get("sched-token")).toEqual({ name: "system:kube-scheduler", uid: "2", groups: [] });
    expect(tokens.get("kubelet-token")?.groups).toEqual(["system:nodes"]);
  });

  it.each([
    ["a line without uid", "t,user\n", /:1: expected token,user,uid/],
    ["an empty token", ",user,1\n", /:1: expected/],
    ["an empty user", "t,,1\n", /:1: expected/],
    ["a duplicate token", "t,a,1\nt,b,2\n", /:2: duplicate token/],
    ["an unterminated quote", 't,a,1,"g1\n', /:1: unterminated quoted field/],
  ])("refuses %s with the line number", (_, text, message) => {
    expect(() => parseTokenFile(text, "tokens.csv")).toThrow(TokenFileError);
    expect(() => parseTokenFile(text, "tokens.csv")).toThrow(message);
  });

  it("refuses input that is not text", () => {
    expect(() => parseTokenFile(42 as unknown as string)).toThrow(TokenFileError);
  });
});

describe("createBearerAuthenticator", () => {
  const auth = createBearerAuthenticator(parseTokenFile(FILE));

  it("returns the user of a known bearer token", () => {
    expect(auth.authenticate("Bearer admin-token").name).toBe("admin");
    expect(auth.authenticate("bearer sched-token").name).toBe("system:kube-scheduler");
  });

  it.each([undefined, "", "Bearer", "Bearer nope", "Basic YWRtaW46eA==", "Bearer admin-token extra"])(
    "answers %j with a 401 Unauthorized ApiError",
    (header) => {
      expect(() => auth.authenticate(header)).toThrow(
        expect.objectContaining({ httpCode: 401, reason: "Unauthorized" }),
      );
    },
  );

  it("lets health and version paths through without a token, and nothing else", () => {
    const request = (url: string, authorization?: string) =>
      ({ url, headers: authorization ? { authorization } : {} }) as never;
    expect(auth.authenticateRequest(request("/readyz?verbose"))).toBeUndefined();
    expect(auth.authenticateRequest(request("/version"))).toBeUndefined();
    expect(() => auth.authenticateRequest(request("/api/v1/pods"))).toThrow(
      expect.objectContaining({ httpCode: 401 }),
    );
    expect(() => auth.authenticateRequest(request("/healthz/../api"))).toThrow(
      expect.objectContaining({ httpCode: 401 }),
    );
    expect(auth.authenticateRequest(request("/api", "Bearer kubelet-token"))?.name).toBe("system:node:n1");
  });

  it("refuses a token table that is not a Map", () => {
    expect(() => createBearerAuthenticator({} as never)).toThrow(TypeError);
  });
});
