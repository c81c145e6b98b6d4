// Graph rules: every reference names an input or a node (never a target), there is no cycle, and
// nodes come out topologically sorted, keeping spec order wherever the dependencies allow.
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

/** Dangling references and references to targets. */
export function checkReferences(nodes: readonly SourcedNode[], scope: Scope): Issue[] {
  const issues: Issue[] = [];
  for (const node of nodes) {
    for (const ref of node.refs) {
      if (scope.inputs.has(ref.name) || scope.nodes.has(ref.name)) continue;
      if (scope.targets.has(ref.name)) {
        issues.push({
          path: ref.path,
          detail: `${quote(ref.name)} is a target; nodes can only read inputs and other nodes`,
        });
        continue;
      }
      const known = [...scope.inputs, ...[...scope.nodes.keys()].filter((n) => n !== node.body.name)];
      issues.push(unknownReference(ref.name, ref.path, known, "node"));
    }
  }
  return issues;
}

/** The graph form's `output` must name a node. */
export function checkOutput(output: string, scope: Scope): Issue[] {
  const path: Path = ["output"];
  if (scope.nodes.has(output)) return [];
  if (scope.inputs.has(output)) return [{ path, detail: `${quote(output)} is an input; the output must be a node` }];
  if (scope.targets.has(output)) return [{ path, detail: `${quote(output)} is a target; the output must be a node` }];
  return [unknownReference(output, path, [...scope.nodes.keys()], "node")];
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
    if (state.has(root.body.name)) continue;
    const stack: Frame[] = [{ node: root, next: 0 }];
    state.set(root.body.name, "visiting");
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next >= top.node.refs.length) {
        stack.pop();
        state.set(top.node.body.name, "done");
        sorted.push(top.node);
        continue;
      }
      const dep = scope.nodes.get(top.node.refs[top.next++].name);
      if (dep === undefined) continue; // an input
      const seen = state.get(dep.body.name);
      if (seen === "visiting") return { sorted, issues: [cycleIssue(stack, dep)] };
      if (seen === undefined) {
        state.set(dep.body.name, "visiting");
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
  const names = [...loop.map((frame) => frame.node.body.name), start.body.name];
  const first = loop[0];
  return { path: first.node.refs[first.next - 1].path, detail: `cycle ${names.join(" → ")}` };
}
