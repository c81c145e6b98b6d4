// `predict(...inputs, rows, out?)` of the generated Model: the output for any number of rows, run
// through forward in chunks of maxBatch. Allocation-free when `out` is given: rows after the first
// chunk are copied into input buffers of maxBatch rows allocated in the constructor.
import { stringLiteral } from "./names.ts";
import { callStatement, decideFits, ifStatement, prettierString, type Canonicity } from "./canonical.ts";

export interface PredictInput {
  /** The input's variable (a claimed identifier) and its layout name. */
  variable: string;
  name: string;
  /** Values per row. */
  rowSize: number;
  /** The claimed identifier of its chunk buffer. */
  stage: string;
  /** An i32 input's array type (Int32Array), when not the model's floats. */
  typedArray?: string;
  /** The bound an i32 input's values are checked against, when it indexes something. */
  range?: { bound: number; what: string } | undefined;
}

export interface PredictInfo {
  typedArray: string;
  maxBatch: number;
  inputs: readonly PredictInput[];
  /** Member holding the forward output, and its values per row. */
  outputVar: string;
  outSize: number;
}

export interface PredictCode {
  fields: string;
  init: string;
  methods: string;
}

/** `if (!(variable is a long enough typed array)) throw …;` at `depth`, as prettier lays it out. */
function checkRows(depth: number, name: string, variable: string, length: string, TA: string, canon: Canonicity): string {
  const test = `!(${variable} instanceof ${TA} && ${variable}.length >= ${length})`;
  const error = TA === "Int32Array" ? "indicesError" : "inputError";
  return ifStatement(depth, test, `throw ${error}(${name}, ${variable}, ${length}, "rows");`, canon);
}

/** `if (out !== undefined) <check>`: the nested if on the next line when it does not fit on one. */
function checkOut(p: PredictInfo, canon: Canonicity): string {
  const inner = checkRows(0, '"out"', "out", `rows * ${p.outSize}`, p.typedArray, canon);
  const flat = `    if (out !== undefined) ${inner}`;
  if (!inner.includes("\n") && decideFits(flat, canon)) return flat;
  return `    if (out !== undefined)\n${checkRows(3, '"out"', "out", `rows * ${p.outSize}`, p.typedArray, canon)}`;
}

/** Members of the generated Model, indented as such, in their final layout (canonical.ts). */
export function predictCode(p: PredictInfo, canon: Canonicity): PredictCode {
  const TA = p.typedArray;
  const typeOf = (v: PredictInput) => v.typedArray ?? TA;
  const params = p.inputs.map((v) => `${v.variable}: ${typeOf(v)}`);
  const args = p.inputs.map((v) => v.variable);
  const chunk = p.inputs
    .map(
      (v) => `      if (start === 0) this.${v.variable} = ${v.variable};
      else {
        const stage = this.${v.stage};
        for (let i = 0; i < count * ${v.rowSize}; i++) stage[i] = ${v.variable}[start * ${v.rowSize} + i]!;
        this.${v.variable} = stage;
      }`,
    )
    .join("\n");
  const checks = p.inputs.map((v) => checkRows(2, prettierString(stringLiteral(v.name)), v.variable, `rows * ${v.rowSize}`, typeOf(v), canon));
  const ranges = p.inputs.flatMap(({ name, variable, rowSize, range }) => {
    if (!range) return [];
    const args = [prettierString(stringLiteral(name)), variable, `rows * ${rowSize}`, range.bound, prettierString(stringLiteral(range.what))];
    return [callStatement(2, `this.checkRange(${args.join(", ")});`, canon)];
  });
  return {
    fields: p.inputs.map((v) => `  private readonly ${v.stage}: ${typeOf(v)};`).join("\n"),
    init: p.inputs.map((v) => `    this.${v.stage} = new ${typeOf(v)}(${p.maxBatch * v.rowSize});`).join("\n"),
    methods: `  /**
   * The model output for \`rows\` rows (any number; 0 gives an empty result), computed by forward in
   * chunks of ${p.maxBatch} rows and written into \`out\` (rows × ${p.outSize} values), which is
   * allocated when not given. Allocates nothing when \`out\` is given. Like forward(), it replaces
   * the activations backward() would need.
   */
  predict(${[...params, "rows: number", `out?: ${TA}`].join(", ")}): ${TA} {
    if (!(Number.isInteger(rows) && rows >= 0)) {
      throw new RangeError(\`rows must be a non-negative integer, got \${rows}\`);
    }
${checks.join("\n")}
${[checkOut(p, canon), ...ranges].join("\n")}
    const result = out ?? new ${TA}(rows * ${p.outSize});
${callStatement(2, `this.predictRows(${[...args, "rows", "result"].join(", ")});`, canon)}
    return result;
  }

  private predictRows(${[...params, "rows: number", `out: ${TA}`].join(", ")}): void {
    this.lossBatch = 0; // the activations backward() would need are about to be replaced
    for (let start = 0; start < rows; start += ${p.maxBatch}) {
      const count = rows - start < ${p.maxBatch} ? rows - start : ${p.maxBatch};
${chunk}
      this.computeForward(count);
      const output = this.${p.outputVar};
      for (let i = 0; i < count * ${p.outSize}; i++) out[start * ${p.outSize} + i] = output[i]!;
    }
  }`,
  };
}
