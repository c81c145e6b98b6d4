// For another backend only (a collector in BlockContext.convs): a convolution (conv2d and its two
// derivatives) or a max pooling written as a module-level kernel function (A[, B], e0…, C, batch) and
// reported by its doc comment with its shapes, attributes and epilogue, so that backend can write the
// same kernel its own way.
import { formatShape, type Attrs, type Node, type Shape } from "../../../ir/graph.ts";
import type { Group } from "../../../phases/4-plan/fuse.ts";
import type { KernelContext } from "../rule.ts";
import { buildEpilogue, kernelName, type BlockContext } from "./blocks.ts";
import type { Epilogue } from "./gemm.ts";

export type ConvKernelOp = "conv2d" | "conv2d_input_grad" | "conv2d_kernel_grad" | "max_pool2d";

/** A module-level window kernel: op(A[, B]) of these shapes and attributes, then the epilogue. */
export interface ConvKernelInfo {
  op: ConvKernelOp;
  inShapes: readonly Shape[];
  outShape: Shape;
  attrs: Attrs;
  epilogue: Epilogue | null;
}

export const isConvKernelOp = (op: string): op is ConvKernelOp => op === "conv2d" || op === "conv2d_input_grad" || op === "conv2d_kernel_grad" || op === "max_pool2d";

const docTexts = new WeakMap<Map<string, ConvKernelInfo>, Map<string, string>>();

/** The call of the kernel function for this group (its code from the JavaScript rule), or undefined when it stays inline. */
export function convKernelCall(node: Node, group: Group, ctx: BlockContext, k: KernelContext, code: (k: KernelContext) => string): string | undefined {
  const convs = ctx.convs;
  if (!convs || !isConvKernelOp(node.op)) return undefined;
  let ep: ReturnType<typeof buildEpilogue> | null = null;
  if (group.tail.length > 0) {
    if (node.op !== "conv2d") return undefined;
    try {
      ep = buildEpilogue(group, ctx);
    } catch {
      return undefined; // (an epilogue a kernel cannot take: the inline loop)
    }
  }
  const epilogue = ep?.epilogue ?? null;
  const typed = ctx.typedArray ?? "Float32Array";
  const extra = (ep?.args ?? []).map((_, i) => `e${i}`);
  const ins = ["A", "B"].slice(0, k.ins.length);
  const params = [...[...ins, ...extra, "C"].map((p) => `${p}: ${typed}`), "batch: number"];
  const store = (at: string, column: string, value: string): string => {
    if (!epilogue) return `C[${at}] = ${value};`;
    const acc = epilogue.biasInit >= 0 ? `(${value} + e${epilogue.biasInit}[${column}]!)` : value;
    const load = (arg: number) => {
      const role = epilogue.args[arg];
      return role === "scalar" ? `e${arg}[0]!` : role === "column" ? `e${arg}[${column}]!` : `e${arg}[${at}]!`;
    };
    let temps = 0;
    const element = epilogue.element(acc, load, () => `v${temps++}`);
    const stored = `C[${at}] = ${element.expr};`;
    if (element.temps.length === 0) return stored;
    return `{\n${element.temps.map((t) => `const ${t.name} = ${t.code};`).join("\n")}\n${stored}\n}`;
  };
  const body = code({ ...k, out: "C", ins, store });
  const list = (name: string) => (Array.isArray(node.attrs[name]) ? (node.attrs[name] as number[]).join(",") : "");
  let doc = `${node.op} ${k.inShapes.map(formatShape).join(" ")} → ${formatShape(k.outShape)}, strides ${list("strides")}, dilations ${list("dilations")}, pads ${list("pads")}${epilogue ? `, then ${epilogue.tag}` : ""}`;
  // (a doc names one kernel text: another epilogue with the same tag gets a number)
  let texts = docTexts.get(convs);
  if (!texts) docTexts.set(convs, (texts = new Map()));
  const text = `(${params.join(", ")}): void {\n${body}\n}`;
  for (let n = 2; texts.has(doc) && texts.get(doc) !== text; n++) doc = `${doc.replace(/ #\d+$/, "")} #${n}`;
  texts.set(doc, text);
  const hint = [node.op, ...(k.inShapes[1] ?? []).slice(0, 2).map(String), epilogue?.tag ?? ""].filter(Boolean).join("_");
  const name = kernelName(ctx, hint, `/** ${doc} */\n// prettier-ignore\nfunction NAME${text}`);
  convs.set(doc, { op: node.op, inShapes: k.inShapes, outShape: k.outShape, attrs: k.attrs, epilogue });
  const args = [...k.ins, ...(ep?.args ?? []).map((id) => ctx.varOf(id)), k.out, "batch"];
  return `${name}(${args.join(", ")});`;
}
