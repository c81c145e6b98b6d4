// parseSpecJson: invalid JSON is reported as file:line:col whatever shape V8's message takes.
import { describe, expect, it } from "vitest";
import { FileError } from "../../compiler/errors.ts";
import { locate, locatePath, parseSpecJson } from "../../src/spec/json.ts";
import { syntaxErrorOffset } from "../../src/spec/json-scan.ts";

function messageOf(text: string): string {
  try {
    parseSpecJson(text, "specs/net.json");
  } catch (e) {
    expect(e).toBeInstanceOf(FileError);
    return (e as Error).message;
  }
  throw new Error("expected parseSpecJson to throw");
}

describe("parseSpecJson", () => {
  it("parses valid JSON, ignoring a leading BOM", () => {
    expect(parseSpecJson('{"a": [1, 2]}', "x.json")).toEqual({ a: [1, 2] });
    expect(parseSpecJson('\uFEFF{"a": 1}', "x.json")).toEqual({ a: 1 });
  });

  it("keeps __proto__ as an own key (data, not a prototype)", () => {
    const parsed = parseSpecJson('{"__proto__": {"polluted": true}}', "x.json") as object;
    expect(Object.hasOwn(parsed, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    // V8 messages that carry a position
    ['{\n  "a": 1\n  "b": 2\n}', "specs/net.json:3:3: invalid JSON: Expected ',' or '}' after property value"],
    ["{", "specs/net.json:1:2: invalid JSON: Expected property name or '}'"],
    ['{"a":1,}', "specs/net.json:1:8: invalid JSON: Expected double-quoted property name"],
    ["[1 2]", "specs/net.json:1:4: invalid JSON: Expected ',' or ']' after array element"],
    ['"abc', "specs/net.json:1:5: invalid JSON: Unterminated string"],
    ["{} x", "specs/net.json:1:4: invalid JSON: Unexpected non-whitespace character after JSON"],
    ["\r\n{\r\n  'a': 1}", "specs/net.json:3:3: invalid JSON: Expected property name or '}'"],
    // V8 messages without a position
    ["", "specs/net.json:1:1: invalid JSON: Unexpected end of JSON input"],
    ['{\n  "a": [1,\n', "specs/net.json:3:1: invalid JSON: Unexpected end of JSON input"],
    ['{"a": }', "specs/net.json:1:7: invalid JSON: Unexpected token '}'"],
    ["abc", "specs/net.json:1:1: invalid JSON: Unexpected token 'a'"],
    ['{\n  "x": 1,\n  "y": tru }', "specs/net.json:3:11: invalid JSON: Unexpected token ' '"],
    [
      `{\n  "long": "${"y".repeat(100)}",\n  "z": [1, 2, oops, 3, 4, 5, 6, 7, 8, 9, 10]\n}`,
      "specs/net.json:3:15: invalid JSON: Unexpected token 'o'",
    ],
  ])("reports %j as %s", (text, expected) => {
    expect(messageOf(text)).toBe(expected);
  });

  it("counts columns in characters, not UTF-16 units", () => {
    expect(messageOf('{"😀": 1 2}')).toMatch(/^specs\/net\.json:1:9: /);
  });
});

describe("parseSpecJson: a key repeated in one object", () => {
  const deep = (depth: number, inner: string) => '{"a":'.repeat(depth) + inner + "}".repeat(depth);
  it.each([
    ["at the root", '{"name": "a",\n "name": "b"}', "specs/net.json:2:2", "specs/net.json:1:2", "name"],
    ["in a nested object", '{"optimizer": {"type": "adam", "lr": 1, "lr": 2}}', "specs/net.json:1:41", "specs/net.json:1:32", "lr"],
    ["in an object inside an array", '{"layers": [{"units": 1}, {"units": 2, "type": "dense", "units": 3}]}', "specs/net.json:1:57", "specs/net.json:1:28", "units"],
    ["in arrays of arrays of objects", '[[[{"k": 1}], [{"k": 1, "k": 2}]]]', "specs/net.json:1:25", "specs/net.json:1:17", "k"],
    ["after values holding braces, commas and escaped quotes", '{"a": "x,}{\\"", "b": [{"a": 1}], "a": 2}', "specs/net.json:1:34", "specs/net.json:1:2", "a"],
    ["spelled with an escape", '{"units": 1, "\\u0075nits": 2}', "specs/net.json:1:14", "specs/net.json:1:2", "units"],
    ["named __proto__", '{"__proto__": 1, "__proto__": 2}', "specs/net.json:1:18", "specs/net.json:1:2", "__proto__"],
    ["on CRLF lines after a BOM", '\uFEFF{\r\n  "x": 1,\r\n  "x": 2\r\n}', "specs/net.json:3:3", "specs/net.json:2:3", "x"],
    ["5,000 levels deep", deep(5000, '{"k": 1, "k": 2}'), "specs/net.json:1:25010", "specs/net.json:1:25002", "k"],
  ])("is an error naming both places: %s", (_where, text, second, first, key) => {
    expect(messageOf(text)).toBe(`${second}: duplicate key ${JSON.stringify(key)} (first at ${first}); a key may appear once per object`);
  });

  it.each([
    ["the same key in sibling objects", '{"a": {"k": 1}, "b": {"k": 2}}'],
    ["a key equal to a value", '{"k": "k", "v": ["k", "k"]}'],
    ["the same key at every level", '{"k": {"k": {"k": [{"k": 1}]}}}'],
    ["keys that differ only in case", '{"k": 1, "K": 2}'],
  ])("accepts %s", (_what, text) => {
    expect(parseSpecJson(text, "x.json")).toEqual(JSON.parse(text));
  });

  it("names the key escaped, never raw", () => {
    expect(messageOf('{"\\u001b[2J": 1, "\\u001b[2J": 2}')).toContain('duplicate key "\\u001b[2J"');
  });
});

describe("locate", () => {
  it("maps offsets to 1-based line and column", () => {
    expect(locate("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(locate("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
    expect(locate("ab\r\ncd", 5)).toEqual({ line: 2, column: 2 });
    expect(locate("ab", 99)).toEqual({ line: 1, column: 3 });
  });
});

describe("syntaxErrorOffset", () => {
  it("accepts what JSON.parse accepts", () => {
    for (const text of ['{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]}', " [] ", '"x"', "0"]) {
      expect(syntaxErrorOffset(text)).toBeUndefined();
    }
  });

  it("finds the first bad character", () => {
    expect(syntaxErrorOffset('{"x": x}')).toBe(6);
    expect(syntaxErrorOffset("[1, 2,]")).toBe(6);
    expect(syntaxErrorOffset('"a\\q"')).toBe(3);
  });
});

describe("locatePath: where a field stands in spec JSON (for file:line:col in messages)", () => {
  const text = [
    "{",
    '  "name": "m",',
    '  "layers": [',
    '    { "type": "dense", "units": -3 },',
    '    { "type": "dense" }',
    "  ],",
    '  "nodes": { "my node": { "input": "x" } }',
    "}",
  ].join("\n");
  it.each([
    [["name"], { line: 2, column: 11 }],
    [["layers", 0, "units"], { line: 4, column: 33 }],
    [["layers", 1], { line: 5, column: 5 }],
    [["layers", 1, "units"], { line: 5, column: 5 }], // missing: the object that lacks it
    [["nodes", "my node", "input"], { line: 7, column: 36 }],
    [["loss"], { line: 1, column: 1 }], // missing at the top: the spec object
  ] as const)("%j → %j", (path, expected) => {
    expect(locatePath(text, path)).toEqual(expected);
  });

  it("counts columns after a BOM as the parser does, and says nothing for the root or bad JSON", () => {
    expect(locatePath(`\uFEFF${text}`, ["name"])).toEqual({ line: 2, column: 11 });
    expect(locatePath(text, [])).toBeUndefined();
    expect(locatePath("not json", ["name"])).toBeUndefined();
  });
});
