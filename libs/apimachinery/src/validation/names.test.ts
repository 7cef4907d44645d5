import { describe, expect, it } from "vitest";
import {
  nameValidators,
  validateDns1035Label,
  validateDns1123Label,
  validateDns1123Subdomain,
  validateLabelValue,
  validatePathSegmentName,
  validateQualifiedName,
} from "./names.js";

describe("DNS-1123 subdomain", () => {
  it("accepts object names", () => {
    for (const name of ["a", "web-1", "my.app.example.com", "0abc", "a".repeat(253)])
      expect(validateDns1123Subdomain(name)).toEqual([]);
  });

  it("rejects with Kubernetes' wording", () => {
    expect(validateDns1123Subdomain("Web_1")).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(validateDns1123Subdomain("a".repeat(254))).toEqual(["must be no more than 253 characters"]);
    for (const name of ["", "-a", "a-", "a..b", ".a", "a b"])
      expect(validateDns1123Subdomain(name)).toHaveLength(1);
  });
});

describe("DNS-1123 label", () => {
  it("accepts and rejects", () => {
    expect(validateDns1123Label("kube-system")).toEqual([]);
    expect(validateDns1123Label("a".repeat(63))).toEqual([]);
    expect(validateDns1123Label("a".repeat(64))).toEqual(["must be no more than 63 characters"]);
    expect(validateDns1123Label("a.b")).toEqual(["must not contain dots"]);
    expect(validateDns1123Label("UPPER")[0]).toBe(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
  });
});

describe("DNS-1035 label", () => {
  it("requires a leading letter", () => {
    expect(validateDns1035Label("web")).toEqual([]);
    expect(validateDns1035Label("1web")[0]).toContain("start with an alphabetic character");
    expect(validateDns1035Label("web-")).toHaveLength(1);
  });
});

describe("qualified names", () => {
  it("accepts keys with and without prefix", () => {
    for (const key of ["app", "MyName", "my.name", "123-abc", "example.com/MyName", "app.kubernetes.io/name"])
      expect(validateQualifiedName(key)).toEqual([]);
  });

  it("reports the part that is wrong", () => {
    expect(validateQualifiedName("/name")).toEqual(["prefix part must be non-empty"]);
    expect(validateQualifiedName("Example.com/name")[0]).toMatch(
      /^prefix part a lowercase RFC 1123 subdomain/,
    );
    expect(validateQualifiedName("example.com/")).toEqual([
      "name part must be non-empty",
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(validateQualifiedName("a".repeat(64))[0]).toBe("name part must be no more than 63 characters");
    expect(validateQualifiedName("a/b/c")[0]).toMatch(/^a qualified name must consist of/);
    expect(validateQualifiedName("-bad")).toHaveLength(1);
  });
});

describe("label values", () => {
  it("allows empty and rejects bad shapes", () => {
    expect(validateLabelValue("")).toEqual([]);
    expect(validateLabelValue("v1.2_3")).toEqual([]);
    expect(validateLabelValue("a b")[0]).toMatch(/^a valid label must be an empty string/);
    expect(validateLabelValue("a".repeat(64))).toEqual(["must be no more than 63 characters"]);
  });
});

describe("path segment names", () => {
  it("refuses names that break URLs", () => {
    expect(validatePathSegmentName("ok")).toEqual([]);
    expect(validatePathSegmentName("..")).toEqual(["may not be '..'"]);
    expect(validatePathSegmentName("a/b%")).toEqual(["may not contain '/'", "may not contain '%'"]);
  });
});

describe("name validators", () => {
  it("allow a trailing dash only in generateName prefixes", () => {
    expect(nameValidators.dnsSubdomain("web-", true)).toEqual([]);
    expect(nameValidators.dnsSubdomain("web-", false)).toHaveLength(1);
    expect(nameValidators.dnsLabel("ns-", true)).toEqual([]);
    expect(nameValidators.dns1035Label("svc-", true)).toEqual([]);
  });
});

describe("bad input", () => {
  it("reports non-strings instead of throwing", () => {
    const notAString = 42 as unknown as string;
    for (const validate of [
      validateDns1123Label,
      validateDns1123Subdomain,
      validateDns1035Label,
      validateQualifiedName,
      validateLabelValue,
      validatePathSegmentName,
    ])
      expect(validate(notAString)).toEqual(["must be a string"]);
  });
});
