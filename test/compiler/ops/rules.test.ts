// Every op's rules, for every op and not only those the examples use, pinned in golden files a
// reviewer reads:
//  - vjps.golden.txt: the IR each derivative rule builds for each input, "no gradient", or the
//    error it raises (derivatives of derivative ops and of targets are not implemented);
//  - emit.golden.txt: each elementwise op's scalar expression at several attribute values (0, 1,
//    −1, 0.5: the values ops special-case) with the helpers it needs, and each kernel's code;
//  - shape-errors.golden.txt: each way a shape rule refuses its operands, with its message.
// The finite-difference tests (gradients.test.ts) check the numbers; these pin the words and code.
import { describe, expect, it } from "vitest";
import { OP_NAMES, ops, type OpName } from "../../../compiler/ops/index.ts";
import { operandType, requireRank, type OpDef } from "../../../compiler/ops/define.ts";
import { divisor, rowsAndCols, type JsRule, type KernelContext } from "../../../compiler/backends/js/rule.ts";
import { jsRules } from "../../../compiler/backends/js/rules.ts";
import { describe as describeTemplate } from "../../../compiler/ops/describe.ts";
import { GraphBuilder } from "../../../compiler/ir/builder.ts";
import { nodeText } from "../../../compiler/ir/print.ts";
import { formatShape, type Attrs, type Node, type Shape } from "../../../compiler/ir/graph.ts";
import { dimCode, sizeCode } from "../../../compiler/backends/js/emit/blocks.ts";
import { ShapeError } from "../../../compiler/errors.ts";
import { expectGolden } from "../../support/golden.ts";
import { DOT_GENERALS } from "../../support/nd-cases.ts";

const ROWS: Shape = ["n", 3];

/** Operand shapes (and attributes) each op is shown with; the rest take rows of 3 per operand. */
const SAMPLES: Partial<Record<OpName, { shapes: Shape[]; attrs?: Attrs }[]>> = {
  mul_scalar: [{ shapes: [ROWS, []] }],
  const: [{ shapes: [], attrs: { value: 1.5 } }],
  matmul: [
    { shapes: [ROWS, [3, 4]], attrs: { ta: 0, tb: 0 } },
    { shapes: [ROWS, ["n", 4]], attrs: { ta: 1, tb: 0 } },
    {
      shapes: [
        ["n", 4],
        [3, 4],
      ],
      attrs: { ta: 0, tb: 1 },
    },
    {
      shapes: [
        [3, 2],
        [4, 3],
      ],
      attrs: { ta: 1, tb: 1 },
    },
  ],
  // a strided copy (axes merged where both sides are contiguous), and a plain copy for the identity
  transpose: [
    { shapes: [["n", 2, 3, 4]], attrs: { perm: [0, 2, 1, 3] } },
    { shapes: [["n", 2, 3, 4]], attrs: { perm: [0, 3, 1, 2] } },
    { shapes: [[3, 4]], attrs: { perm: [1, 0] } },
    { shapes: [["n", 3, 4]], attrs: { perm: [0, 1, 2] } },
  ],
  // every role of the product: each loop order (dot, axpy, outer), batch axes, n free, n contracted
  dot_general: DOT_GENERALS.map(([, shapes, attrs]) => ({ shapes, attrs })),
  // with padding on some sides (a bound test only there), without, one channel and one filter (no
  // channel or filter loop), a constant leading dimension
  conv2d: [
    { shapes: [["n", 5, 5, 3], [3, 2, 3, 4]], attrs: { strides: [2, 1], dilations: [1, 2], pads: [1, 0, 0, 2] } },
    { shapes: [[2, 4, 4, 1], [2, 2, 1, 1]], attrs: { strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0] } },
  ],
  conv2d_input_grad: [
    { shapes: [["n", 2, 5, 4], [3, 2, 3, 4]], attrs: { strides: [2, 1], dilations: [1, 2], pads: [1, 0, 0, 2], inputShape: [5, 5, 3] } },
    { shapes: [["n", 3, 3, 1], [2, 2, 1, 1]], attrs: { strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], inputShape: [4, 4, 1] } },
  ],
  conv2d_kernel_grad: [
    { shapes: [["n", 5, 5, 3], ["n", 2, 5, 4]], attrs: { strides: [2, 1], dilations: [1, 2], pads: [1, 0, 0, 2], kernelShape: [3, 2, 3, 4] } },
    { shapes: [[2, 4, 4, 1], [2, 3, 3, 1]], attrs: { strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], kernelShape: [2, 2, 1, 1] } },
  ],
  // TensorFlow's "same" pads (windows clamped on the padded sides only, the average's count per
  // window) and no padding (no clamp, a literal count), several channels and one, a constant leading dimension
  max_pool2d: [
    { shapes: [["n", 5, 6, 3]], attrs: { window: [3, 3], strides: [2, 2], pads: [1, 1, 0, 1] } },
    { shapes: [[2, 4, 4, 1]], attrs: { window: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] } },
  ],
  max_pool2d_grad: [{ shapes: [["n", 5, 6, 3], ["n", 3, 3, 3]], attrs: { window: [3, 3], strides: [2, 2], pads: [1, 1, 0, 1] } }],
  max_pool2d_gather: [{ shapes: [["n", 5, 6, 3], ["n", 5, 6, 3]], attrs: { window: [3, 3], strides: [2, 2], pads: [1, 1, 0, 1] } }],
  avg_pool2d: [
    { shapes: [["n", 5, 6, 3]], attrs: { window: [3, 3], strides: [2, 2], pads: [1, 1, 0, 1] } },
    { shapes: [[2, 4, 4, 1]], attrs: { window: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] } },
  ],
  avg_pool2d_grad: [
    { shapes: [["n", 3, 3, 3]], attrs: { window: [3, 3], strides: [2, 2], pads: [1, 1, 0, 1], inputShape: [5, 6, 3] } },
    { shapes: [[2, 2, 2, 1]], attrs: { window: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], inputShape: [4, 4, 1] } },
  ],
  // depthwise: C channels and M multipliers both above 1 (a channel loop and a multiplier loop) with
  // padding on some sides, C = 1 and M = 1 (neither loop), and C above 1 with M = 1 (channel loop only)
  depthwise_conv2d: [
    { shapes: [["n", 5, 5, 3], [3, 2, 3, 2]], attrs: { strides: [2, 1], dilations: [1, 2], pads: [1, 0, 0, 2] } },
    { shapes: [[2, 4, 4, 1], [2, 2, 1, 1]], attrs: { strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0] } },
    { shapes: [["n", 4, 4, 3], [2, 2, 3, 1]], attrs: { strides: [1, 1], dilations: [1, 1], pads: [0, 1, 0, 1] } },
  ],
  depthwise_conv2d_input_grad: [
    { shapes: [["n", 2, 5, 6], [3, 2, 3, 2]], attrs: { strides: [2, 1], dilations: [1, 2], pads: [1, 0, 0, 2], inputShape: [5, 5, 3] } },
    { shapes: [["n", 3, 3, 1], [2, 2, 1, 1]], attrs: { strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], inputShape: [4, 4, 1] } },
  ],
  depthwise_conv2d_kernel_grad: [
    { shapes: [["n", 5, 5, 3], ["n", 2, 5, 6]], attrs: { strides: [2, 1], dilations: [1, 2], pads: [1, 0, 0, 2], kernelShape: [3, 2, 3, 2] } },
    { shapes: [["n", 4, 4, 1], ["n", 3, 3, 3]], attrs: { strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], kernelShape: [2, 2, 1, 3] } },
  ],
  // tables [V, D…] at i32 indices (batched or not); rows of one value are read without a row loop
  gather: [{ shapes: [[5, 2], ROWS] }, { shapes: [[6], [4]] }, { shapes: [[5, 2, 3], [2, 2]] }],
  scatter_add: [{ shapes: [["n", 3, 2], ROWS, [5, 2]] }, { shapes: [[4], [4], [6]] }],
  one_hot: [{ shapes: [ROWS], attrs: { depth: 4 } }, { shapes: [[2]], attrs: { depth: 3 } }],
  reshape: [
    { shapes: [["n", 3, 4]], attrs: { shape: [12] } },
    { shapes: [[2, 6]], attrs: { shape: [3, 2, 2] } },
  ],
  broadcast: [
    { shapes: [[4], ["n", 3, 4]] },
    { shapes: [[3, 1], ["n", 3, 4]] },
    { shapes: [["n", 1, 4], ["n", 3, 4]] },
    { shapes: [["n", 3, 4], ["n", 3, 4]] },
    { shapes: [[], [2, 3]] },
    { shapes: [["n", 1, 4], [3, 1]] },
  ],
  broadcast_mean: [
    { shapes: [[4], ["n", 3, 4]] },
    { shapes: [["n", 3, 1], ["n", 3, 4]] },
  ],
  // the last axis reduced: an accumulator per output; leading axes summed: column sums in locals,
  // all columns up to 12, then passes of 8 and a remainder; else one pass over x into the output
  reduce_sum: [
    ...[[0], [0, 1], [1], [2], [0, 2], [1, 2], [0, 1, 2]].map((axes): { shapes: Shape[]; attrs: Attrs } => ({ shapes: [["n", 3, 4]], attrs: { axes } })),
    ...[13, 16, 20].map((cols): { shapes: Shape[]; attrs: Attrs } => ({ shapes: [["n", cols]], attrs: { axes: [0] } })),
  ],
  reduce_mean: [[0], [2], [0, 1, 2]].map((axes) => ({ shapes: [["n", 3, 4]], attrs: { axes } })),
  reduce_max: [[0], [1], [2], [0, 2]].map((axes) => ({ shapes: [["n", 3, 4]], attrs: { axes } })),
  slice: [
    { shapes: [["n", 3, 4]], attrs: { begin: [0, 1, 0], size: [-1, 2, -1] } },
    { shapes: [[4, 5]], attrs: { begin: [1, 2], size: [2, 3] } },
  ],
  pad: [
    { shapes: [["n", 3, 4]], attrs: { before: [0, 1, 0], after: [0, 0, 2] } },
    { shapes: [[4]], attrs: { before: [1], after: [2] } },
  ],
  // a table the module holds as a constant array; a uniform one is a fill loop
  tensor: [{ shapes: [], attrs: { shape: [2, 2], values: [0, -1e9, 0.5, 0] } }, { shapes: [], attrs: { shape: [3], values: [0, 0, 0] } }],
  // one mulberry32 step per element; the threshold rate·2³² (0.5 → 2147483648)
  dropout_mask: [{ shapes: [["n", 3, 4]], attrs: { rate: 0.5 } }, { shapes: [["n", 5]], attrs: { rate: 0.1 } }],
  concat: [
    { shapes: [["n", 2], ["n", 3]], attrs: { axis: 1 } },
    { shapes: [[2, 3], [1, 3], [4, 3]], attrs: { axis: 0 } },
    { shapes: [["n", 2, 3], ["n", 2, 1]], attrs: { axis: 2 } },
  ],
};

function samplesOf(name: OpName): { shapes: Shape[]; attrs: Attrs }[] {
  const def = ops[name];
  const defaults = Object.fromEntries(def.attrs.map((a) => [a, 0.5]));
  const given = SAMPLES[name] ?? [{ shapes: Array.from({ length: def.arity === "variadic" ? 2 : def.arity }, () => ROWS) }];
  return given.map((s) => ({ shapes: s.shapes, attrs: { ...defaults, ...s.attrs } }));
}

const attrText = (attrs: Attrs) =>
  Object.entries(attrs)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(",")}]` : v}`)
    .join(", ");

/** `op(shapes; attributes)`, the heading of a sample in the golden files. */
const signature = (name: OpName, shapes: readonly Shape[], attrs: Attrs) =>
  `${name}(${[shapes.map(formatShape).join(", "), attrText(attrs)].filter((part) => part !== "").join("; ")})`;

describe("derivative rules", () => {
  it("pins the IR every op's VJP builds for each input (vjps.golden.txt)", () => {
    const blocks = OP_NAMES.flatMap((name) =>
      samplesOf(name).map(({ shapes, attrs }) => {
        const b = new GraphBuilder("vjp", "f64");
        const x = shapes.map((s, i) => b.input(`x${i}`, s, operandType(def(name), i) === "i32" ? "i32" : undefined));
        const out = b.apply(name, x, attrs, "y");
        const dy = b.input("dy", out.shape);
        const lines = [`${signature(name, shapes, attrs)} → ${formatShape(out.shape)}`];
        const before = b.finish(out.id, out.id).nodes.length;
        for (let i = 0; i < shapes.length; i++) {
          b.comment = `∂L/∂x${i}`;
          let result: string;
          try {
            const g = def(name).vjp({ b, x, out, dy, attrs }, i);
            result = g === null ? "no gradient" : `%${g.id}: ${formatShape(g.shape)}`;
            if (g !== null) expect(g.shape, `${name}: ∂L/∂x${i} has the operand's shape`).toEqual(shapes[i]);
          } catch (e) {
            result = `error: ${(e as Error).message}`;
          }
          lines.push(`  ∂L/∂x${i} = ${result}`);
        }
        for (const n of b.finish(out.id, out.id).nodes.slice(before)) lines.push(`    ${nodeText(b, n)}`);
        return lines.join("\n");
      }),
    );
    expectGolden(new URL("./vjps.golden.txt", import.meta.url), `${blocks.join("\n")}\n`);
  });
});

const def = (name: OpName): OpDef => ops[name];

/** Attribute sets an expression is shown with, where one value for all attributes is not enough. */
const EXPR_ATTRS: Partial<Record<OpName, Attrs[]>> = {
  affine: [
    { scale: 1, shift: 0 },
    { scale: -1, shift: 0 },
    { scale: 2, shift: 0 },
    { scale: 1, shift: -0.5 },
    { scale: 0.5, shift: 0.5 },
  ],
};

describe("emitted code", () => {
  it("pins every elementwise expression and every kernel (emit.golden.txt)", () => {
    const blocks = OP_NAMES.flatMap((name) => {
      const emit: JsRule = jsRules[name];
      const attrNames = def(name).attrs;
      if (emit.kind === "elementwise") {
        const args = Array.from({ length: Number(def(name).arity) }, (_, i) => `a${i}`);
        const sets = EXPR_ATTRS[name] ?? [0, 1, -1, 0.5].map((v) => Object.fromEntries(attrNames.map((a) => [a, v])));
        const lines = (attrNames.length === 0 ? [{}] : sets).map((attrs) => {
          return `  ${attrNames.length > 0 ? `{${attrText(attrs)}} ` : ""}${emit.expr(args, attrs)}`;
        });
        const helpers = Object.entries(emit.helpers ?? {}).map(([h, code]) => `  helper ${h}:\n${indent(code)}`);
        return [`${name}: elementwise`, ...lines, ...helpers].join("\n");
      }
      return samplesOf(name).map(({ shapes, attrs }) => {
        const out = def(name).shape(shapes, attrs);
        const k: KernelContext = { out: "out", ins: shapes.map((_, i) => `in${i}`), outShape: out, inShapes: shapes, attrs, dim: dimCode, size: sizeCode, constant: (hint) => hint };
        return `${signature(name, shapes, attrs)}: kernel\n${indent(emit.code(k))}`;
      });
    });
    expectGolden(new URL("./emit.golden.txt", import.meta.url), `${blocks.join("\n")}\n`);
  });

  it.each([
    ["n", "n"],
    ["k.rows", "k.rows"],
    ["12", "12"],
    ["batch * 3", "(batch * 3)"],
    ["a-b", "(a-b)"],
  ])("divisor(%j) is %j (a compound divisor in parentheses)", (code, expected) => {
    expect(divisor(code)).toBe(expected);
  });

  it.each([
    [["n", 3] as Shape, ["batch", "3"]],
    [["n", 4, 5] as Shape, ["batch * 4", "5"]],
    [[7] as Shape, ["1", "7"]],
  ])("rowsAndCols(%j) is %j: every leading dimension counts as rows", (shape, expected) => {
    expect(rowsAndCols({ dim: dimCode, size: sizeCode } as KernelContext, shape)).toEqual(expected);
  });
});

const indent = (code: string) =>
  code
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");

const conv = (strides: number[], dilations: number[], pads: number[]): Attrs => ({ strides, dilations, pads });
const pool = (window: number[], strides: number[], pads: number[]): Attrs => ({ window, strides, pads });

/** [op, operand shapes, attributes]: each is refused. */
const BAD_SHAPES: [OpName, Shape[], Attrs][] = [
  ["add", [ROWS, ["n", 4]], {}],
  ["mul_scalar", [ROWS, [1]], {}],
  ["matmul", [[3], [3, 4]], { ta: 0, tb: 0 }],
  ["matmul", [ROWS, [3]], { ta: 0, tb: 0 }],
  ["matmul", [ROWS, [4, 3]], { ta: 0, tb: 0 }],
  ["matmul", [ROWS, [4, 3]], { ta: 1, tb: 1 }],
  ["matmul", [ROWS, [3, 4]], { ta: 0, tb: 1 }],
  ["softmax", [[]], {}],
  ["logsumexp", [[]], {}],
  ["maximum", [ROWS, ["n", 4]], {}],
  ["select", [ROWS, ROWS, ["n", 4]], {}],
  ["transpose", [ROWS], { perm: [1, 0] }],
  ["transpose", [[3, 4]], { perm: [0, 0] }],
  ["transpose", [[3, 4]], { perm: [0, 1, 2] }],
  ["transpose", [[3, 4]], { perm: [1, 2] }],
  ["dot_general", [[3, 4], [4, 5]], { lb: [0], rb: [], lc: [1], rc: [0] }],
  ["dot_general", [[3, 4], [4, 5]], { lb: [], rb: [], lc: [2], rc: [0] }],
  ["dot_general", [[3, 4], [4, 5]], { lb: [], rb: [], lc: [1], rc: [-1] }],
  ["dot_general", [[3, 4], [4, 5]], { lb: [1], rb: [0], lc: [1], rc: [1] }],
  ["dot_general", [[3, 4], [5, 4]], { lb: [], rb: [], lc: [1], rc: [0] }],
  ["dot_general", [[2, 3, 4], [3, 4, 5]], { lb: [0], rb: [0], lc: [2], rc: [1] }],
  ["dot_general", [["n", 3], [3, 4]], { lb: [0], rb: [1], lc: [1], rc: [0] }],
  ["dot_general", [[4, 3], ["n", 4]], { lb: [], rb: [], lc: [0], rc: [1] }],
  ["dot_general", [["n", 2, 3], ["n", 2, 4]], { lb: [1], rb: [1], lc: [0], rc: [0] }],
  ["dot_general", [["n", 2, 3], [2, 3, 4]], { lb: [1], rb: [0], lc: [2], rc: [1] }],
  ["dot_general", [["n", 2, 3], ["n", 2, 3]], { lb: [1, 0], rb: [1, 0], lc: [2], rc: [2] }],
  // the convolution family: a kernel larger than the padded input, an output size below 1 (the
  // dilated kernel's reach), a channel mismatch, strides or dilations of 0, bad pads, not an image
  ["conv2d", [["n", 3, 3, 1], [5, 3, 1, 1]], conv([1, 1], [1, 1], [0, 1, 0, 0])],
  ["conv2d", [["n", 5, 5, 1], [3, 3, 1, 1]], conv([1, 1], [1, 3], [1, 0, 0, 1])],
  ["conv2d", [["n", 5, 5, 3], [3, 3, 2, 4]], conv([1, 1], [1, 1], [0, 0, 0, 0])],
  ["conv2d", [["n", 5, 5, 1], [3, 3, 1, 1]], conv([0, 1], [1, 1], [0, 0, 0, 0])],
  ["conv2d", [["n", 5, 5, 1], [3, 3, 1, 1]], conv([1, 1], [1, 0], [0, 0, 0, 0])],
  ["conv2d", [["n", 5, 5, 1], [3, 3, 1, 1]], conv([1, 1], [1, 1], [0, -1, 0, 0])],
  ["conv2d", [["n", 5, 5, 1], [3, 3, 1, 1]], conv([1, 1], [1, 1], [1, 1])],
  ["conv2d", [["n", 5, 5, 1], [3, 3, 1, 1]], conv([2], [1, 1], [0, 0, 0, 0])],
  ["conv2d", [["n", 5, 3], [3, 3, 3, 1]], conv([1, 1], [1, 1], [0, 0, 0, 0])],
  ["conv2d", [[5, "n", 5, 1], [3, 3, 1, 1]], conv([1, 1], [1, 1], [0, 0, 0, 0])],
  ["conv2d", [["n", 5, 5, 1], [3, 3, 1]], conv([1, 1], [1, 1], [0, 0, 0, 0])],
  ["conv2d_input_grad", [["n", 4, 4, 2], [3, 3, 1, 2]], { ...conv([1, 1], [1, 1], [0, 0, 0, 0]), inputShape: [5, 5, 1] }],
  ["conv2d_input_grad", [["n", 3, 3, 2], [3, 3, 1, 2]], { ...conv([1, 1], [1, 1], [0, 0, 0, 0]), inputShape: [5, 5] }],
  ["conv2d_kernel_grad", [["n", 5, 5, 1], [2, 3, 3, 2]], { ...conv([1, 1], [1, 1], [0, 0, 0, 0]), kernelShape: [3, 3, 1, 2] }],
  ["conv2d_kernel_grad", [["n", 5, 5, 1], ["n", 3, 3, 2]], { ...conv([1, 1], [1, 1], [0, 0, 0, 0]), kernelShape: [3, 3, 2, 2] }],
  // pooling: a window larger than the padded input, a pad as wide as the window (windows wholly in
  // the padding), strides or a window of 0, bad pads, not an image, ∂L/∂y or u of the wrong shape
  ["max_pool2d", [["n", 3, 3, 1]], pool([4, 2], [1, 1], [0, 0, 0, 0])],
  ["avg_pool2d", [["n", 3, 3, 1]], pool([2, 5], [1, 1], [0, 0, 1, 0])],
  ["max_pool2d", [["n", 5, 5, 1]], pool([2, 2], [1, 1], [0, 2, 0, 0])],
  ["avg_pool2d", [["n", 5, 5, 1]], pool([3, 3], [1, 1], [0, 0, 3, 0])],
  ["max_pool2d", [["n", 5, 5, 1]], pool([2, 2], [0, 1], [0, 0, 0, 0])],
  ["max_pool2d", [["n", 5, 5, 1]], pool([2, 0], [1, 1], [0, 0, 0, 0])],
  ["avg_pool2d", [["n", 5, 5, 1]], pool([2, 2], [2, 2], [1, 1])],
  ["max_pool2d", [["n", 5, 5]], pool([2, 2], [2, 2], [0, 0, 0, 0])],
  ["avg_pool2d", [[5, "n", 5, 1]], pool([2, 2], [2, 2], [0, 0, 0, 0])],
  ["max_pool2d_grad", [["n", 4, 4, 2], ["n", 3, 3, 2]], pool([2, 2], [2, 2], [0, 0, 0, 0])],
  ["max_pool2d_gather", [["n", 4, 4, 2], ["n", 4, 4, 1]], pool([2, 2], [2, 2], [0, 0, 0, 0])],
  ["avg_pool2d_grad", [["n", 2, 2, 2]], { ...pool([2, 2], [2, 2], [0, 0, 0, 0]), inputShape: [4, 4] }],
  ["avg_pool2d_grad", [["n", 2, 2, 2]], { ...pool([2, 2], [2, 2], [0, 0, 0, 0]), inputShape: [5, 5, 1] }],
  // a dropout rate outside [0, 1)
  ["dropout_mask", [["n", 4]], { rate: 1 }],
  ["dropout_mask", [["n", 4]], { rate: -0.5 }],
  // the depthwise family: a kernel larger than the padded input, an output size below 1, the kernel's
  // channels not the input's, a kernel of rank 3, strides of 0, not an image; ∂L/∂y not C·M channels
  ["depthwise_conv2d", [["n", 3, 3, 2], [5, 3, 2, 1]], conv([1, 1], [1, 1], [0, 1, 0, 0])],
  ["depthwise_conv2d", [["n", 5, 5, 1], [3, 3, 1, 2]], conv([1, 1], [3, 1], [0, 0, 0, 0])],
  ["depthwise_conv2d", [["n", 5, 5, 3], [3, 3, 2, 2]], conv([1, 1], [1, 1], [0, 0, 0, 0])],
  ["depthwise_conv2d", [["n", 5, 5, 3], [3, 3, 3]], conv([1, 1], [1, 1], [0, 0, 0, 0])],
  ["depthwise_conv2d", [["n", 5, 5, 1], [3, 3, 1, 1]], conv([1, 0], [1, 1], [0, 0, 0, 0])],
  ["depthwise_conv2d", [["n", 5], [3, 3, 1, 1]], conv([1, 1], [1, 1], [0, 0, 0, 0])],
  ["depthwise_conv2d_input_grad", [["n", 3, 3, 2], [3, 3, 2, 2]], { ...conv([1, 1], [1, 1], [0, 0, 0, 0]), inputShape: [5, 5, 2] }],
  ["depthwise_conv2d_input_grad", [["n", 3, 3, 4], [3, 3, 2, 2]], { ...conv([1, 1], [1, 1], [0, 0, 0, 0]), inputShape: [5, 5] }],
  ["depthwise_conv2d_kernel_grad", [["n", 5, 5, 2], ["n", 3, 3, 2]], { ...conv([1, 1], [1, 1], [0, 0, 0, 0]), kernelShape: [3, 3, 2, 2] }],
  ["gather", [ROWS, [4]], {}],
  ["gather", [[], [4]], {}],
  ["gather", [[5, "n"], [4]], {}],
  ["scatter_add", [[4, 3], [4], [5, 2]], {}],
  ["scatter_add", [["n", 2], ROWS, [5, 2]], {}],
  ["scatter_add", [[4, 2], [4], ["n", 2]], {}],
  ["one_hot", [ROWS], { depth: 0 }],
  ["one_hot", [ROWS], { depth: 2.5 }],
  ["reshape", [["n", 3, 4]], { shape: [5] }],
  ["reshape", [[2, 6]], { shape: [3, 3] }],
  ["reshape", [[6]], { shape: [0, 6] }],
  ["reshape", [[2, "n"]], { shape: [2] }],
  ["broadcast", [[3], ["n", 4]], {}],
  ["broadcast", [["n", 2, 3], [4, 3]], {}],
  ["broadcast", [[2, 3], ["n", 3]], {}],
  ["broadcast", [["n", 3], [2, "n", 3]], {}],
  ["broadcast_mean", [[2, 4], [3, 4]], {}],
  ["reduce_sum", [ROWS], { axes: [2] }],
  ["reduce_sum", [["n", 3, 4]], { axes: [2, 1] }],
  ["reduce_sum", [["n", 3, 4]], { axes: [1, 1] }],
  ["reduce_max", [ROWS], { axes: [-1] }],
  ["reduce_mean", [ROWS], { axes: [] }],
  ["slice", [ROWS], { begin: [1, 0], size: [-1, 2] }],
  ["slice", [ROWS], { begin: [0, 2], size: [-1, 2] }],
  ["slice", [[4, 3]], { begin: [0, 0], size: [0, 3] }],
  ["slice", [ROWS], { begin: [0], size: [-1] }],
  ["pad", [ROWS], { before: [1, 0], after: [0, 0] }],
  ["pad", [ROWS], { before: [0, -1], after: [0, 0] }],
  ["pad", [ROWS], { before: [0, 1], after: [0] }],
  ["concat", [ROWS, ["n", 4]], { axis: 0 }],
  ["concat", [ROWS, [3, 3]], { axis: 1 }],
  ["concat", [ROWS, ["n", 3, 1]], { axis: 1 }],
  ["concat", [ROWS, ROWS], { axis: 2 }],
];

describe("shape rules", () => {
  it("refuse what they must, with a message naming both shapes (shape-errors.golden.txt)", () => {
    const lines = BAD_SHAPES.map(([name, shapes, attrs]) => {
      let message = "accepted";
      try {
        def(name).shape(shapes, attrs);
      } catch (e) {
        expect(e).toBeInstanceOf(ShapeError);
        message = (e as Error).message;
      }
      expect(message, `${name} accepted ${shapes.map(formatShape).join(", ")}`).not.toBe("accepted");
      return `${signature(name, shapes, attrs)}: ${message}`;
    });
    expectGolden(new URL("./shape-errors.golden.txt", import.meta.url), `${lines.join("\n")}\n`);
  });

  it("requireRank accepts the minimum rank and refuses one less", () => {
    expect(() => requireRank(["n", 3], 2, "op")).not.toThrow();
    expect(() => requireRank([3], 2, "op")).toThrow("op needs rank ≥ 2, got [3]");
  });
});

describe("names in formulas", () => {
  const node = (inputs: string[]): Node => ({ id: "layer.y", op: "add", inputs, attrs: {}, shape: [], comment: "layer" });
  it.each([
    [["12", "3"], "%12 + %3"],
    [["2nd", "layer.b"], "2nd + b"],
    [["other.x", "layer7"], "other.x + layer7"],
  ])("names %j as %j (numbered temporaries %k, a layer's own values by their short name)", (inputs, expected) => {
    expect(describeTemplate("{0} + {1}", node(inputs))).toBe(expected);
  });
});
