// The step() each optimizer compiles to, as text, pinned in optimizer-code.golden.txt for every
// rule and option that changes it (momentum or none, Nesterov, decoupled decay or none, L2,
// clipping, skipNonFinite off, a constant too large for a plain decimal). The update arithmetic is
// checked against tf.train in optimizer-parity.test.ts; this pins the code and the summaries
// that the generated class docs show, so a reviewer sees every change in a diff.
import { describe, it } from "vitest";
import { optimizerCode } from "../../../../../compiler/backends/js/emit/optimizer.ts";
import { validateSpec } from "../../../../../src/spec/validate.ts";
import { expectGolden } from "../../../../support/golden.ts";

const CASES: Record<string, Record<string, unknown>> = {
  sgd: { type: "sgd" },
  "sgd, momentum 0.9": { type: "sgd", momentum: 0.9 },
  "sgd, Nesterov momentum": { type: "sgd", momentum: 0.9, nesterov: true },
  "sgd, skipNonFinite off": { type: "sgd", skipNonFinite: false },
  adam: { type: "adam" },
  "adam, l2 and clipNorm": { type: "adam", l2: 0.001, clipNorm: 1 },
  "adam, clipNorm 1e300 (printed without `+`)": { type: "adam", clipNorm: 1e300 },
  adamw: { type: "adamw" },
  "adamw, weightDecay 0": { type: "adamw", weightDecay: 0 },
  rmsprop: { type: "rmsprop" },
  "rmsprop, momentum 0.5": { type: "rmsprop", momentum: 0.5 },
  adagrad: { type: "adagrad" },
};

const normalized = (optimizer: Record<string, unknown>) =>
  validateSpec({ name: "m", inputs: { x: [2] }, targets: { y: [1] }, layers: [{ type: "dense", units: 1 }], loss: { type: "mse" }, optimizer }).optimizer;

describe("optimizerCode", () => {
  it("writes the step() of every optimizer as in optimizer-code.golden.txt", () => {
    const text = Object.entries(CASES).map(([title, options]) => {
      const code = optimizerCode(normalized(options), 3);
      return [
        `## ${title}`,
        `summary: ${code.summary}`,
        `state: ${code.state.join(", ") || "none"}`,
        `init: ${code.init.join(" ") || "none"}`,
        code.step,
        "",
      ].join("\n");
    });
    expectGolden(new URL("./optimizer-code.golden.txt", import.meta.url), text.join("\n"));
  });
});
