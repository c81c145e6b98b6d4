// assertParses: a module V8 would refuse (a syntax error, or an early error such as a name declared
// twice in one scope) is an InternalError naming the problem; a valid module passes.
import { describe, expect, it } from "vitest";
import { assertParses } from "../../../../../compiler/backends/js/emit/parse-check.ts";
import { InternalError } from "../../../../../compiler/errors.ts";

const VALID = `export class Model {
  trainStep(x: Float32Array, batch: number = 2): number {
    const value = x[0]! * batch;
    return value;
  }
}`;

describe("assertParses", () => {
  it("accepts a valid module", async () => {
    await expect(assertParses(VALID)).resolves.toBeUndefined();
  });

  it.each([
    ["a parameter redeclared (an input named `value`)", VALID.replace("x: Float32Array", "value: Float32Array"), /already been declared/],
    ["a local declared twice", VALID.replace("return value;", "const value = 2;\n    return value;"), /already been declared/],
    ["a syntax error", VALID.replace("trainStep(", "trainStep(("), /does not parse \(line 2\)/],
    ["a strict-mode binding", VALID.replace("x: Float32Array", "eval: Float32Array").replace("x[0]", "eval[0]"), /does not parse/],
  ])("refuses %s", async (_what, code, message) => {
    await expect(assertParses(code)).rejects.toThrow(InternalError);
    await expect(assertParses(code)).rejects.toThrow(message);
  });
});
