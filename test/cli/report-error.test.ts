// Exit codes and messages for errors escaping a command: user errors → 2 with one line,
// commander usage errors → 2, anything else → 70 with the stack and a request to report it.
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { FileError, InternalError, SpecError } from "../../compiler/errors.ts";
import { reportError } from "../../src/cli/report-error.ts";
import { compileLoaded } from "../../src/cli/compile-file.ts";
import { parseSpecJson } from "../../src/spec/json.ts";

function report(e: unknown): { code: number; text: string } {
  let text = "";
  const code = reportError(e, (t) => (text += t));
  return { code, text };
}

describe("reportError", () => {
  it("prints user errors as one line, exit 2", () => {
    expect(report(new SpecError("layers[0].units", "expected a positive integer"))).toEqual({
      code: 2,
      text: "tapeless: layers[0].units: expected a positive integer\n",
    });
    expect(report(new FileError("x.json:1:2: invalid JSON"))).toEqual({
      code: 2,
      text: "tapeless: x.json:1:2: invalid JSON\n",
    });
  });

  it("prefixes every line of a many-problem message with tapeless: file:line:col of its own field", async () => {
    // One field with two problems: "unit" is not a key, so "units" is missing.
    const json = `{ "name": "m", "inputs": { "x": [2] }, "targets": { "y": [1] },
  "layers": [
    { "type": "dense", "unit": 8 }
  ],
  "loss": { "type": "mse" }, "optimizer": { "type": "sgd", "lr": -1 } }
`;
    const error = await compileLoaded("model.json", parseSpecJson(json, "model.json"), {}, json).catch((e: unknown) => e);
    const { code, text } = report(error);
    expect(code).toBe(2);
    expect(text.split("\n")).toEqual([
      "tapeless: model.json:3:5: layers[0].units: missing; expected a positive integer",
      `tapeless: model.json:3:32: layers[0].unit: unknown key "unit"; did you mean "units"? (allowed: type, name, units, activation, alpha, useBias, kernelInitializer, biasInitializer)`,
      "tapeless: model.json:5:66: optimizer.lr: expected a positive finite number, got -1",
      "",
    ]);
    // Without a file: every line still carries the prefix.
    const bare = report(await compileLoaded("model.ts", JSON.parse(json)).catch((e: unknown) => e));
    expect(bare.text.split("\n").slice(0, 2)).toEqual([
      "tapeless: model.ts: layers[0].units: missing; expected a positive integer",
      expect.stringMatching(/^tapeless: model\.ts: layers\[0\]\.unit: unknown key "unit"; did you mean "units"\?/),
    ]);
  });

  it("prints usage errors without commander's prefix, exit 2", () => {
    const { code, text } = report(
      new CommanderError(1, "commander.unknownOption", "error: unknown option '--frob'"),
    );
    expect(code).toBe(2);
    expect(text).toMatch(/^tapeless: unknown option '--frob'\n/);
  });

  it("stays quiet after help or version output", () => {
    expect(report(new CommanderError(0, "commander.helpDisplayed", "(outputHelp)"))).toEqual({
      code: 0,
      text: "",
    });
    expect(report(new CommanderError(0, "commander.version", "0.1.0"))).toEqual({
      code: 0,
      text: "",
    });
    expect(report(new CommanderError(1, "commander.help", "(outputHelp)"))).toEqual({
      code: 2,
      text: "",
    });
  });

  it("treats anything else as an internal compiler error, exit 70, with the stack", () => {
    for (const e of [new InternalError("plan overlaps"), new TypeError("x is undefined")]) {
      const { code, text } = report(e);
      expect(code).toBe(70);
      expect(text).toMatch(
        /^tapeless: internal compiler error, please report it at the tapeless issue tracker\n/,
      );
      expect(text).toContain(e.message);
      expect(text).toMatch(/^\s+at /m);
    }
    expect(report("a string").code).toBe(70);
  });
});
