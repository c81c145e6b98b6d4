// The role specs of finalize.test.ts (every identifier the emitter writes, as every kind of spec
// name): the names resolve-names.ts reads off tokens are the ones finalize.ts gives from a syntax
// tree, and the module is allocation-free and marked. (Split from emitted-corpus.test.ts so the two
// halves run on two workers.)
import { describe, expect, it } from "vitest";
import { resolveNames } from "../../../../../compiler/backends/js/emit/resolve-names.ts";
import { finalizeModule } from "../../../../../compiler/backends/js/emit/finalize.ts";
import { lex } from "../../../../../compiler/backends/js/emit/lex.ts";
import { expectAllocationFreeAndMarked } from "../../../../support/emitted-checks.ts";
import { CONFIGS, emitted, featureSpec, roleSpec, withoutLayout } from "../../../../support/emitted-corpus.ts";

/** A budget, not a measurement: prettier and the TypeScript parser over a dozen modules. */
const HEAVY = 300_000;

describe("emitted modules are final by construction", () => {
  it("with every identifier the emitter writes as a spec name, in every role (finalize.test.ts's corpus)", async () => {
    const found = new Set<string>(Object.getOwnPropertyNames(Object.prototype));
    for (const [k, config] of CONFIGS.slice(0, 4).entries()) {
      const { code } = await emitted(featureSpec(config, k % 2 ? [40, 3] : [3, 40, 130]));
      for (const t of lex(code)) if (t.kind === "identifier") found.add(t.text);
    }
    const names = [...found].sort();
    for (const [shift, config] of CONFIGS.slice(0, 4).entries()) {
      const spec = roleSpec(names, shift, config);
      const { code, text } = await emitted(spec);
      // Hundreds of inputs make signatures too long to write by construction: compile() has prettier
      // lay them out (the fallback, tested below), so only the layout-free checks apply here.
      expectAllocationFreeAndMarked(code);
      const resolved = resolveNames(text.code, text.names);
      expect(resolved).toBe(finalizeModule(text.code, text.names));
      expect(withoutLayout(code)).toEqual(withoutLayout(resolved));
    }
  }, HEAVY);
});
