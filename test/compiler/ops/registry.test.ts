// The op table is consistent (every op is filed under its own name, OP_NAMES lists exactly the
// table), and every op's formula and chain-rule text, the words the generated comments are made
// of, is pinned in a golden file a reviewer reads: examples/ use only some ops, this covers all.
import { describe as group, expect, it } from "vitest";
import { describe } from "../../../compiler/ops/describe.ts";
import { ruleFor, type OpDef } from "../../../compiler/ops/define.ts";
import { OP_NAMES, ops } from "../../../compiler/ops/index.ts";
import { jsRules } from "../../../compiler/backends/js/rules.ts";
import type { Node } from "../../../compiler/ir/graph.ts";
import { expectGolden } from "../../support/golden.ts";

group("the op table", () => {
  it("lists every op once, in OP_NAMES order", () => {
    expect(Object.keys(ops)).toEqual([...OP_NAMES]);
  });

  it.each(OP_NAMES)("%s is filed under its own name", (name) => {
    expect(ops[name].name).toBe(name);
  });

  it.each(OP_NAMES)("%s: the planner's class agrees with the emitter (elementwise exactly when emitted as an expression)", (name) => {
    expect(ops[name].fusion === "elementwise").toBe(jsRules[name].kind === "elementwise");
  });

  it("pins every op's formula and chain rules (formulas.golden.txt)", () => {
    const lines = OP_NAMES.map((name) => {
      const def: OpDef = ops[name];
      const node: Node = {
        id: "layer.y",
        op: name,
        inputs: Array.from({ length: def.arity === "variadic" ? 2 : def.arity }, (_, i) => `layer.x${i}`),
        attrs: Object.fromEntries(def.attrs.map((a) => [a, 0.5])),
        shape: [],
        comment: "layer",
      };
      const rules = node.inputs.map((_, i) => `    ${describe(ruleFor(def, i), node)}`);
      const attributes = [...def.attrs, ...(def.lists ?? []).map((l) => `${l} (list)`)];
      return [`${name} (arity ${def.arity}; attributes: ${attributes.join(", ") || "none"})`, `    ${describe(def.doc, node)}`, ...rules].join("\n");
    });
    expectGolden(new URL("./formulas.golden.txt", import.meta.url), `${lines.join("\n")}\n`);
  });
});
