// Graph rules: every reference names an input, a target or a node, there is no cycle, nodes come
// out topologically sorted (keeping spec order wherever the dependencies allow), every output is a
// node, and no output depends on a target (nodes that read targets belong to the loss only).
import { type Issue, type Path, quote } from "./issues.ts";
import type { SourcedNode } from "./nodes.ts";
import { didYouMean, listNames } from "./suggest.ts";

export interface Scope {
  inputs: ReadonlySet<string>;
  targets: ReadonlySet<string>;
  nodes: ReadonlyMap<string, SourcedNode>;
}

function unknownReference(name: string, path: Path, known: string[], what: string): Issue {
  return { path, detail: `unknown ${what} ${quote(name)}${didYouMean(name, known)} (known: ${listNames(known)})` };
}

/** Dangling references. Nodes may read targets: only outputs may not depend on them (checkTargetFree). */
export function checkReferences(nodes: readonly SourcedNode[], scope: Scope): Issue[] {
  const issues: Issue[] = [];
  for (const node of nodes) {
    for (const ref of node.refs) {
      if (scope.inputs.has(ref.name) || scope.targets.has(ref.name) || scope.nodes.has(ref.name)) continue;
      const known = [...scope.inputs, ...[...scope.nodes.keys()].filter((n) => n !== node.name)];
      issues.push(unknownReference(ref.name, ref.path, known, "node"));
    }
  }
  return issues;
}

/** An output of the graph form and the field that names it. */
export interface OutputRef {
  name: string;
  path: Path;
}

/** The graph form's `output` (one name or a list): each must name a node, once. */
export function checkOutputs(outputs: readonly OutputRef[], scope: Scope): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const { name, path } of outputs) {
    if (seen.has(name)) issues.push({ path, detail: `${quote(name)} is listed twice` });
    seen.add(name);
    if (scope.nodes.has(name)) continue;
    if (scope.inputs.has(name)) issues.push({ path, detail: `${quote(name)} is an input; the output must be a node` });
    else if (scope.targets.has(name)) issues.push({ path, detail: `${quote(name)} is a target; the output must be a node` });
    else issues.push(unknownReference(name, path, [...scope.nodes.keys()], "node"));
  }
  return issues;
}

/** An output may not depend on a target: `forward` has no targets. Reported with the path that reaches it. */
export function checkTargetFree(outputs: readonly OutputRef[], scope: Scope): Issue[] {
  const issues: Issue[] = [];
  for (const output of outputs) {
    const chain = pathToTarget(output.name, scope);
    if (chain === undefined) continue;
    const target = chain[chain.length - 1];
    issues.push({
      path: output.path,
      detail: `the output ${quote(output.name)} depends on the target ${quote(target)} (${chain.join(" → ")}); nodes that read targets belong to the loss only`,
    });
  }
  return issues;
}

/** The names from `start` to the first target it reads, depth first in operand order (iterative). */
function pathToTarget(start: string, scope: Scope): string[] | undefined {
  const parent = new Map<string, string | null>([[start, null]]);
  const stack = [start];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (scope.targets.has(name)) {
      const chain = [name];
      for (let p = parent.get(name); p != null; p = parent.get(p)) chain.unshift(p);
      return chain;
    }
    const node = scope.nodes.get(name);
    for (const ref of [...(node?.refs ?? [])].reverse()) {
      if (parent.has(ref.name)) continue;
      parent.set(ref.name, name);
      stack.push(ref.name);
    }
  }
  return undefined;
}

interface Frame {
  node: SourcedNode;
  next: number;
}

export interface SortResult {
  sorted: SourcedNode[];
  issues: Issue[];
}

/**
 * Depth-first post-order from each node in spec order: a spec already in order stays as it is, and a
 * node listed too early is preceded by exactly the dependencies it needs. Iterative (deep chains are fine).
 */
export function topoSort(nodes: readonly SourcedNode[], scope: Scope): SortResult {
  const state = new Map<string, "visiting" | "done">();
  const sorted: SourcedNode[] = [];
  for (const root of nodes) {
    if (state.has(root.name)) continue;
    const stack: Frame[] = [{ node: root, next: 0 }];
    state.set(root.name, "visiting");
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next >= top.node.refs.length) {
        stack.pop();
        state.set(top.node.name, "done");
        sorted.push(top.node);
        continue;
      }
      const dep = scope.nodes.get(top.node.refs[top.next++].name);
      if (dep === undefined) continue; // an input
      const seen = state.get(dep.name);
      if (seen === "visiting") return { sorted, issues: [cycleIssue(stack, dep)] };
      if (seen === undefined) {
        state.set(dep.name, "visiting");
        stack.push({ node: dep, next: 0 });
      }
    }
  }
  return { sorted, issues: [] };
}

/** `nodes.a.input: cycle a → b → a`, reported at the reference that leaves the cycle's first node. */
function cycleIssue(stack: readonly Frame[], start: SourcedNode): Issue {
  const from = stack.findIndex((frame) => frame.node === start);
  const loop = stack.slice(from);
  const names = [...loop.map((frame) => frame.node.name), start.name];
  const first = loop[0];
  return { path: first.node.refs[first.next - 1].path, detail: `cycle ${names.join(" → ")}` };
}
