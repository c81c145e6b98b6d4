// The static allocation check: a clean hand-written model passes; every forbidden construct is
// caught in every hot method, including one reached only through `this.helper()`.
import { describe, expect, it } from "vitest";
import {
  assertAllocationFree,
  findAllocations,
} from "../../../../../compiler/backends/js/emit/check-allocation.ts";
import { InternalError } from "../../../../../compiler/errors.ts";

const CLEAN = `
export class Model {
  readonly params = new Float64Array(10);
  readonly grads = new Float64Array(10);
  private readonly arena = new Float64Array(64);
  constructor() { const names = ["a", "b"]; this.params.fill(names.length); }
  forward(x: Float64Array, n: number): Float64Array {
    if (n > 4) throw new Error(\`batch \${n} exceeds maxBatch 4: \` + String(n));
    const a = this.arena;
    const w = this.params;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < 2; j++) s += x[i * 2 + j] * w[j];
      a[i] = Math.tanh(s) + Math.max(0, s);
    }
    this.helper(n);
    return a;
  }
  loss(n: number): number { let l = 0; for (let i = 0; i < n; i++) l += this.arena[i]; return l / n; }
  backward(n: number): void { const g = this.grads; g.fill(0); for (let i = 0; i < n; i++) g[0] += 1; }
  step(lr: number): void { const p = this.params, g = this.grads; for (let i = 0; i < 10; i++) p[i] -= lr * g[i]; }
  trainStep(x: Float64Array, n: number): number { this.forward(x, n); const l = this.loss(n); this.backward(n); this.step(0.1); return l; }
  private helper(n: number): void { let t: number, u: number; [t, u] = this.pair; this.arena[0] = n + t + u; }
  private readonly pair = [1, 2];
  describe(): string { return \`Model with \${this.params.length} params\`; }
}
`;

/** A class whose method `where` holds `stmt`; other hot methods are clean. */
function modelWith(where: string, stmt: string, extraParams = ""): string {
  const methods = ["forward", "loss", "backward", "step", "trainStep", "helper"].map((m) => {
    const body = m === where ? stmt : "";
    const call = m === "backward" && where === "helper" ? "this.helper(1);" : "";
    const params = m === where ? extraParams || "n: number" : "n: number";
    return `  ${m}(${params}): any {\n    const a = this.arena; const s = "x"; const xs = this.list;\n    ${call}\n    ${body}\n  }`;
  });
  return `export class Model {\n  arena = new Float64Array(4); list: number[] = [];\n${methods.join("\n")}\n}\n`;
}

const FORBIDDEN: [string, string][] = [
  ["new expression", "const t = new Float64Array(4);"],
  ["array literal", "const t = [1, 2];"],
  ["object literal", "return { a: 1 };"],
  ["closure", "const f = (v: number) => v + 1;"],
  ["closure", "const f = function (v: number) { return v; };"],
  ["closure", "function inner() { return 1; }"],
  ["spread", "Math.max(...xs);"],
  ["template literal", "const m = `n=${n}`;"],
  ["string concatenation", "const m = 'n=' + n + '!';"],
  ["string concatenation", "let m = s; m += 'x';"],
  [".slice() call", "const t = a.slice(0, 2);"],
  [".subarray() call", "const t = a.subarray(0, 2);"],
  [".map() call", "a.map(Math.abs);"],
  [".filter() call", "a.filter(Boolean);"],
  [".concat() call", "xs.concat(xs);"],
  [".from() call", "Float64Array.from(a);"],
  [".of() call", "Float64Array.of(1);"],
  ["Array(...) call", "const t = Array(3);"],
  [".bind() call", "const f = Math.max.bind(Math);"],
  [".toString() call", "const t = n.toString();"],
  ["arguments object", "const k = arguments.length;"],
  ["for-of (allocates an iterator)", "for (const v of a) n += v;"],
  ["for-in (allocates key strings)", "for (const k in a) n++;"],
  ["regular expression literal", "const r = /x+/;"],
  ["tagged template", "const t = String.raw`x`;"],
  ["object literal", "return { ...xs };"],
  [".join() call", "xs.join();"],
];

describe("findAllocations", () => {
  it("accepts a clean model: typed-array loops, Math calls, a throw guard, helpers", () => {
    expect(findAllocations(CLEAN)).toEqual([]);
    expect(() => assertAllocationFree(CLEAN)).not.toThrow();
  });

  for (const method of ["forward", "loss", "backward", "step", "trainStep", "helper"]) {
    for (const [reason, stmt] of FORBIDDEN) {
      it(`catches ${reason} in ${method}: ${stmt}`, () => {
        const code = modelWith(method, stmt);
        const found = findAllocations(code);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ method, reason, line: 6 + 5 * methodIndex(method) });
        expect(stmt).toContain(found[0]!.text);
      });
    }
  }

  it("catches rest parameters", () => {
    const found = findAllocations(modelWith("forward", "return args.length;", "...args: number[]"));
    expect(found.map((f) => [f.method, f.reason])).toEqual([["forward", "rest parameter"]]);
  });

  it("catches async and generator hot methods", () => {
    const code = "export class Model { async forward() { return 1; } *loss() { yield 1; } }";
    expect(findAllocations(code).map((f) => [f.method, f.reason, f.text])).toEqual([
      ["forward", "async function (allocates a promise per call)", "forward"],
      ["loss", "generator (allocates an iterator per call)", "loss"],
    ]);
  });

  it("scans the methods of an object literal as part of the literal, skips closures whole", () => {
    const code = `export class Model {
  forward(n: number) {
    const o = { m() { return [n]; } };
    const f = () => [n];
    return o;
  }
}`;
    expect(findAllocations(code).map((f) => [f.line, f.reason])).toEqual([
      [3, "object literal"],
      [3, "array literal"],
      [4, "closure"],
    ]);
  });

  it("ignores helpers that no hot method calls", () => {
    const code = modelWith("helper", "return [1];").replace("this.helper(1);", "");
    expect(findAllocations(code)).toEqual([]);
  });

  it("follows module-level functions called from a hot method, each once", () => {
    const code = `function sum(a: Float64Array): number { return a.slice(0).length; }
export class Model { forward(a: Float64Array) { return sum(a) + sum(a); } loss(a: Float64Array) { return sum(a); } }`;
    expect(findAllocations(code)).toEqual([
      { method: "sum", line: 1, text: "a.slice(0)", reason: ".slice() call" },
    ]);
  });

  it("does not follow calls made on the error path", () => {
    const code = `export class Model {
  forward(n: number) { if (n > 4) throw this.error(n); return n; }
  error(n: number) { return new RangeError(\`batch \${n}\`); }
}`;
    expect(findAllocations(code)).toEqual([]);
  });

  it("honours a custom class name and hot-method list", () => {
    const code = "export class Net { run() { return [1]; } forward() { return [2]; } }";
    expect(findAllocations(code, "Net", ["run"]).map((f) => f.method)).toEqual(["run"]);
  });

  it("throws an InternalError when the class is missing", () => {
    expect(() => findAllocations("export const x = 1;")).toThrow(InternalError);
  });

  it("assertAllocationFree lists method, line, text and reason", () => {
    const code = modelWith("step", "const t = new Float64Array(4);");
    expect(() => assertAllocationFree(code)).toThrow(InternalError);
    expect(() => assertAllocationFree(code)).toThrow(
      /step, line 21: new expression: new Float64Array\(4\)/,
    );
  });
});

function methodIndex(method: string): number {
  return ["forward", "loss", "backward", "step", "trainStep", "helper"].indexOf(method);
}
