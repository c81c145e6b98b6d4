// Reads the text form printed by print.ts back into a Graph (then checked by verify()).
// Errors name the line and column.
import type { AttrValue, Attrs, DType, Dim, Graph, GradOutput, Node, Shape, Value } from "./graph.ts";
import { isOpName, ops } from "../ops/index.ts";
import { TapelessError } from "../errors.ts";
import type { OpDef } from "../ops/define.ts";

export class IrParseError extends TapelessError {
  override name = "IrParseError";
}

class Scanner {
  pos = 0;
  constructor(
    readonly text: string,
    readonly lineNo: number,
  ) {}

  fail(what: string): never {
    throw new IrParseError(`IR line ${this.lineNo}, column ${this.pos + 1}: ${what}`);
  }
  ws(): void {
    while (this.text[this.pos] === " " || this.text[this.pos] === "\t") this.pos++;
  }
  atEnd(): boolean {
    this.ws();
    return this.pos >= this.text.length;
  }
  peek(): string {
    this.ws();
    return this.text[this.pos] ?? "";
  }
  expect(token: string): void {
    this.ws();
    if (!this.text.startsWith(token, this.pos)) this.fail(`expected "${token}"`);
    this.pos += token.length;
  }
  tryTake(token: string): boolean {
    this.ws();
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }
  match(re: RegExp, what: string): string {
    this.ws();
    const m = re.exec(this.text.slice(this.pos));
    if (!m || m.index !== 0) this.fail(`expected ${what}`);
    this.pos += m[0].length;
    return m[0];
  }
  /** A JSON string literal starting at the cursor. */
  jsonString(): string {
    const start = this.pos;
    let i = start + 1;
    while (i < this.text.length && this.text[i] !== '"') i += this.text[i] === "\\" ? 2 : 1;
    if (i >= this.text.length) this.fail("unterminated string");
    this.pos = i + 1;
    return JSON.parse(this.text.slice(start, i + 1)) as string;
  }
  name(): string {
    return this.peek() === '"' ? this.jsonString() : this.match(/[A-Za-z0-9_][A-Za-z0-9_.~-]*/, "a name");
  }
  id(): string {
    this.expect("%");
    return this.name();
  }
  /** An attribute value: a number or a list of numbers `[1,2]`. */
  attr(): AttrValue {
    if (!this.tryTake("[")) return this.number();
    const list: number[] = [];
    while (!this.tryTake("]")) {
      if (list.length > 0) this.expect(",");
      list.push(this.number());
    }
    return list;
  }
  number(): number {
    const text = this.match(/-?(Infinity|NaN|\d+(\.\d+)?(e[-+]?\d+)?)/, "a number");
    return Number(text);
  }
  /** `f32[n,4]` (the graph's float type) or `i32[n,16]`. */
  type(dtype: DType): { shape: Shape; dtype?: "i32" } {
    if (this.tryTake("i32")) return { shape: this.dims(), dtype: "i32" };
    this.expect(dtype);
    return { shape: this.dims() };
  }
  dims(): Shape {
    this.expect("[");
    const dims: Dim[] = [];
    while (!this.tryTake("]")) {
      if (dims.length > 0) this.expect(",");
      dims.push(this.tryTake("n") ? "n" : Number(this.match(/\d+/, "a dimension")));
    }
    return dims;
  }
}

export function parseGraph(text: string): Graph {
  const lines = text.split("\n");
  const first = new Scanner(lines[0] ?? "", 1);
  first.expect("graph");
  const name = first.name();
  first.expect("(");
  const dtype = (/\b(f32|f64)\[/.exec(text)?.[1] ?? "f32") as DType;
  const inputs = declList(first, dtype, ";");
  const params = declList(first, dtype, ")");
  first.expect("{");
  const nodes: Node[] = [];
  const grads: GradOutput[] = [];
  let output = "";
  const extraOutputs: string[] = [];
  let loss = "";
  let closed = false;
  for (let i = 1; i < lines.length && !closed; i++) {
    const s = new Scanner(lines[i], i + 1);
    if (s.atEnd()) continue;
    if (s.tryTake("}")) closed = true;
    else if (s.tryTake("output ")) {
      if (output === "") output = s.id();
      else extraOutputs.push(s.id());
    }
    else if (s.tryTake("loss ")) loss = s.id();
    else if (s.tryTake("grad ")) {
      const param = s.id();
      s.expect("=");
      grads.push({ param, value: s.id() });
    } else nodes.push(nodeLine(s, dtype));
    if (!s.atEnd() && !closed) s.fail("unexpected text");
  }
  if (!closed) throw new IrParseError(`IR line ${lines.length}: missing closing "}"`);
  return { name, dtype, inputs, params, nodes, output, ...(extraOutputs.length > 0 ? { extraOutputs } : {}), loss, grads };
}

function declList(s: Scanner, dtype: DType, end: string): Value[] {
  const decls: Value[] = [];
  while (!s.tryTake(end)) {
    if (decls.length > 0) s.expect(",");
    const id = s.id();
    s.expect(":");
    decls.push({ id, ...s.type(dtype) });
  }
  return decls;
}

function nodeLine(s: Scanner, dtype: DType): Node {
  const id = s.id();
  s.expect(":");
  const type = s.type(dtype);
  s.expect("=");
  const op = s.match(/[a-z][a-z0-9_]*/, "an op name");
  if (!isOpName(op)) s.fail(`unknown op "${op}"`);
  const inputs: string[] = [];
  if (s.peek() === "%") {
    inputs.push(s.id());
    while (s.tryTake(",")) inputs.push(s.id());
  }
  const attrs: Record<string, AttrValue> = {};
  if (s.tryTake("{")) {
    while (!s.tryTake("}")) {
      if (Object.keys(attrs).length > 0) s.expect(",");
      const key = s.match(/[A-Za-z_][A-Za-z0-9_]*/, "an attribute name");
      s.expect("=");
      attrs[key] = s.attr();
    }
  }
  const def: OpDef = ops[op];
  for (const a of [...def.attrs, ...(def.lists ?? [])]) if (!(a in attrs)) s.fail(`${op} needs attribute ${a}`);
  let comment = "";
  if (s.tryTake("#")) {
    s.ws();
    comment = s.peek() === '"' ? s.jsonString() : s.text.slice(s.pos).trimEnd();
    s.pos = s.text.length;
  }
  return { id, op, inputs, attrs: attrs as Attrs, ...type, comment };
}
