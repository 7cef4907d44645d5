import { ApiError } from "../api-error.js";
import { type LabelOperator, type LabelRequirement, newLabelRequirement } from "./label-requirement.js";

/**
 * The label selector grammar of Kubernetes (k8s.io/apimachinery/pkg/labels):
 *   selector    := requirement ("," requirement)*  | ""
 *   requirement := ["!"] key | key op value | key ("in"|"notin") "(" [value ("," value)*] ")"
 *   op          := "=" | "==" | "!=" | ">" | "<"
 * An omitted value (`a=`, `a in (x,)`) is the empty string. Error wording follows Kubernetes.
 */

type Token = { readonly kind: "word" | "symbol" | "end"; readonly text: string };

const SYMBOLS = ["==", "!=", "=", "!", "(", ")", ",", ">", "<"];
const SPECIAL = new Set(["=", "!", "(", ")", ",", ">", "<"]);

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const char = input[i] ?? "";
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => input.startsWith(candidate, i));
    if (symbol) {
      tokens.push({ kind: "symbol", text: symbol });
      i += symbol.length;
      continue;
    }
    let end = i;
    while (end < input.length && !SPECIAL.has(input[end] ?? "") && !/\s/.test(input[end] ?? "")) end++;
    tokens.push({ kind: "word", text: input.slice(i, end) });
    i = end;
  }
  tokens.push({ kind: "end", text: "" });
  return tokens;
}

const BINARY_OPERATORS: Record<string, LabelOperator> = {
  in: "in",
  notin: "notin",
  "=": "=",
  "==": "=",
  "!=": "!=",
  ">": "gt",
  "<": "lt",
};

class Parser {
  private position = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.position] ?? { kind: "end", text: "" };
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== "end") this.position++;
    return token;
  }

  private startsRequirement(token: Token): boolean {
    return token.kind === "word" || token.text === "!";
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    if (this.peek().kind === "end") return requirements;
    if (!this.startsRequirement(this.peek()))
      throw new Error(`found '${this.peek().text}', expected: !, identifier, or 'end of string'`);
    for (;;) {
      requirements.push(this.requirement());
      const separator = this.next();
      if (separator.kind === "end") return requirements;
      if (separator.text !== ",")
        throw new Error(`found '${separator.text}', expected: ',' or 'end of string'`);
      if (!this.startsRequirement(this.peek()))
        throw new Error(`found '${this.peek().text}', expected: identifier after ','`);
    }
  }

  private requirement(): LabelRequirement {
    const negated = this.peek().text === "!";
    if (negated) this.next();
    const key = this.next();
    if (key.kind !== "word")
      throw new Error(`unable to parse requirement: found '${key.text}', expected: identifier`);
    const following = this.peek();
    if (negated || following.kind === "end" || following.text === ",")
      return this.build(key.text, negated ? "!" : "exists", []);
    const operatorToken = this.next();
    const operator = BINARY_OPERATORS[operatorToken.text];
    if (!operator)
      throw new Error(
        `unable to parse requirement: found '${operatorToken.text}', expected: in, notin, =, ==, !=, gt, lt`,
      );
    const values = operator === "in" || operator === "notin" ? this.valueList() : [this.exactValue()];
    return this.build(key.text, operator, values);
  }

  private build(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
    try {
      return newLabelRequirement(key, operator, values);
    } catch (error) {
      throw new Error(`unable to parse requirement: ${(error as Error).message}`);
    }
  }

  private exactValue(): string {
    const token = this.peek();
    if (token.kind === "end" || token.text === ",") return "";
    this.next();
    if (token.kind !== "word")
      throw new Error(`unable to parse requirement: found '${token.text}', expected: identifier`);
    return token.text;
  }

  /** `(a,b)`; empty items are empty strings, and `()` is the one value "" as in Kubernetes. */
  private valueList(): string[] {
    const open = this.next();
    if (open.text !== "(") throw new Error(`unable to parse requirement: found '${open.text}' expected: '('`);
    const values: string[] = [];
    let expectValue = true;
    for (;;) {
      const token = this.next();
      if (token.text === ")") {
        if (expectValue) values.push("");
        return values;
      }
      if (token.text === ",") {
        if (expectValue) values.push("");
        expectValue = true;
      } else if (token.kind === "word" && expectValue) {
        values.push(token.text);
        expectValue = false;
      } else {
        throw new Error(
          `unable to parse requirement: found '${token.text}', expected: ',', ')' or identifier`,
        );
      }
    }
  }
}

/** Parses the string form into requirements, sorted by key; throws ApiError.badRequest on bad input. */
export function parseLabelRequirements(input: string): LabelRequirement[] {
  if (typeof input !== "string") throw ApiError.badRequest("label selector must be a string");
  try {
    return new Parser(tokenize(input)).parse().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  } catch (error) {
    throw ApiError.badRequest((error as Error).message);
  }
}
