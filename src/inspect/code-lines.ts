// Finds, in the formatted module, the lines each fused loop occupies: its comment lines and its
// statement in computeForward / computeLoss / computeGradients (one statement per group, in plan
// order, after the hoisted `const a = this.a;` lines), and the kernel function a product calls.
import { InternalError } from "../../compiler/errors.ts";
import { PHASES, type Phase } from "../../compiler/phases/4-plan/fuse.ts";
import type { Plan } from "../../compiler/phases/4-plan/plan.ts";

/** Lines are numbered from 1, as in an editor; `to` is inclusive. */
export interface LineRange {
  from: number;
  to: number;
}

export interface LoopLines extends LineRange {
  /** The comment lines above the statement, with their text (without `// `). */
  comments: { line: number; text: string }[];
  /** The module-level kernel function the statement calls, if any. */
  kernel?: LineRange;
}

const METHOD: Record<Phase, string> = {
  forward: "computeForward",
  loss: "computeLoss",
  backward: "computeGradients",
};

const indentOf = (line: string) => line.length - line.trimStart().length;
const HOISTED = /^const [\w$]+ = this\.[\w$]+;$/;

/**
 * The lines of every group of `plan` (phase by phase, in order), and of the gradient copies. A model
 * with modes runs the plan's forward groups in computeTrainingForward (its computeForward is the
 * inference graph's), and its computeLoss ends with `updates` copies into the state.
 */
export function loopLines(code: string, plan: Plan, updates = 0): { loops: LoopLines[]; copies: LoopLines[] } {
  const lines = code.split("\n");
  const loops: LoopLines[] = [];
  let copies: LoopLines[] = [];
  const modes = lines.some((l) => l.trimStart().startsWith("private computeTrainingForward("));
  for (const phase of PHASES) {
    const statements = methodStatements(lines, phase === "forward" && modes ? "computeTrainingForward" : METHOD[phase]);
    const groups = plan.groups[phase];
    const extra = phase === "backward" ? plan.gradCopies.length : phase === "loss" ? updates : 0;
    if (statements.length !== groups.length + extra)
      throw new InternalError(
        `inspect: ${METHOD[phase]} (${phase}) has ${statements.length} statements for ${groups.length} loops and ${extra} copies`,
      );
    loops.push(...statements.slice(0, groups.length));
    if (phase === "backward") copies = statements.slice(groups.length);
  }
  return { loops, copies };
}

/** The statements of `private name(batch...)`, each with the comments just above it. */
function methodStatements(lines: string[], name: string): LoopLines[] {
  const start = lines.findIndex((l) => l.trimStart().startsWith(`private ${name}(`));
  if (start < 0) throw new InternalError(`inspect: no method ${name} in the generated module`);
  const outer = indentOf(lines[start]!);
  const body = outer + 2;
  const out: LoopLines[] = [];
  let comments: LoopLines["comments"] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const text = line.trim();
    if (indentOf(line) <= outer && text === "}") break;
    if (text === "") continue;
    if (text.startsWith("//")) {
      comments.push({ line: i + 1, text: text.replace(/^\/\/\s?/, "") });
      continue;
    }
    let end = i;
    while (end + 1 < lines.length) {
      const next = lines[end + 1]!;
      const t = next.trim();
      if (t !== "" && indentOf(next) <= body && !/^[}\])]/.test(t)) break;
      if (indentOf(next) <= outer) break;
      end++;
    }
    if (!(end === i && HOISTED.test(text))) {
      const kernel = kernelLines(lines, text);
      out.push({ from: comments[0]?.line ?? i + 1, to: end + 1, comments, ...(kernel ? { kernel } : {}) });
    }
    comments = [];
    i = end;
  }
  return out;
}

/** The kernel function called by a statement line such as `matmul_nx784x128_bias_relu(...)`. */
function kernelLines(lines: string[], statement: string): LineRange | undefined {
  const call = /^([A-Za-z_$][\w$]*)\(/.exec(statement.trim());
  if (!call) return undefined;
  const at = lines.findIndex((l) => l.startsWith(`function ${call[1]}(`));
  if (at < 0) return undefined;
  let from = at;
  while (from > 0 && /^(\/\*\*|\/\/)/.test(lines[from - 1]!)) from--;
  let to = at;
  while (to < lines.length && lines[to] !== "}") to++;
  return { from: from + 1, to: to + 1 };
}
