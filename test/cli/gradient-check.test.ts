// The finite-difference core of `tapeless check`: it catches a wrong derivative, reports the
// worst element per tensor, and samples big models with every bias included.
import { describe, expect, it } from "vitest";
import type { Layout } from "../../src/index.ts";
import { checkGradients, chooseIndices, relativeError, rng } from "../../src/cli/gradient-check.ts";
import { printReport } from "../../src/cli/check.ts";
import { memoryUi } from "../../src/cli/ui.ts";

const layout = (sizes: [string, number[]][]): Layout => {
  let offset = 0;
  const params = sizes.map(([name, shape]) => {
    const length = shape.reduce((a, b) => a * b, 1);
    const p = { name, shape, offset, length };
    offset += length;
    return p;
  });
  return {
    name: "t",
    dtype: "f64",
    maxBatch: 1,
    inputs: [],
    targets: [],
    state: [],
    outputs: [],
    params,
    paramCount: offset,
  };
};

/** L = Σ θᵢ²; `backward` writes 2θ, except `wrong` indices get 3θ. */
function quadratic(n: number, wrong: number[] = []) {
  const params = Float64Array.from({ length: n }, (_, i) => 0.5 + i / 10);
  const grads = new Float64Array(n);
  return {
    model: {
      params,
      grads,
      backward: () => params.forEach((p, i) => (grads[i] = (wrong.includes(i) ? 3 : 2) * p)),
    },
    loss: () => params.reduce((s, p) => s + p * p, 0),
  };
}

describe("gradient check", () => {
  it("passes correct gradients and pinpoints a wrong one", () => {
    const l = layout([
      ["w", [2, 2]],
      ["b", [2]],
    ]);
    const good = quadratic(6);
    const ok = checkGradients(good.model, l, good.loss, [0, 1, 2, 3, 4, 5]);
    expect(Math.max(...ok.map((r) => r.worst))).toBeLessThan(1e-8);

    const bad = quadratic(6, [5]);
    const reports = checkGradients(bad.model, l, bad.loss, [0, 1, 2, 3, 4, 5]);
    expect(reports[0]!.worst).toBeLessThan(1e-8);
    expect(reports[1]).toMatchObject({ name: "b", checked: 2, worstAt: 1 });
    expect(reports[1]!.worst).toBeCloseTo(relativeError(3 * 1, 2 * 1, 2), 6);
    const ui = memoryUi();
    expect(
      printReport("t", reports, { batch: 1, seed: 1, tolerance: 1e-6, checked: 6, total: 6 }, ui),
    ).toBe(1);
    expect(ui.stderr).toEqual(["✗ 1 parameter tensor above tolerance 1e-6: b"]);
    expect(ui.stdout.join("\n")).toMatch(
      /b +2\/2 +3\.3e-1 {2}✗ {2}at \[1\]: analytic 3\.00000, numeric 2\.00000/,
    );
  });

  it("samples: every bias, at least one element of every tensor, deterministic for a seed", () => {
    const l = layout([
      ["k1", [100, 50]],
      ["b1", [50]],
      ["k2", [50, 3]],
      ["b2", [3]],
    ]);
    const picked = chooseIndices(l, 200, rng(3));
    expect(picked).toEqual(chooseIndices(l, 200, rng(3)));
    expect(picked.length).toBe(200);
    const inTensor = (name: string) => {
      const p = l.params.find((q) => q.name === name)!;
      return picked.filter((i) => i >= p.offset && i < p.offset + p.length).length;
    };
    expect(inTensor("b1")).toBe(50);
    expect(inTensor("b2")).toBe(3);
    expect(inTensor("k2")).toBeGreaterThanOrEqual(1);
    expect(chooseIndices(l, 1e6, rng(3))).toHaveLength(l.paramCount);
  });
});
