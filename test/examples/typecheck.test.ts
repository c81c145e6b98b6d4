// Every generated module type-checks under strict, on its own (no DOM, no Node types), and the
// static allocation check finds nothing in its hot methods.
import { describe, expect, it } from "vitest";
import { compile } from "../../src/index.ts";
import { typecheckModule } from "../../compiler/backends/js/emit/typecheck.ts";
import { findAllocations } from "../../compiler/backends/js/emit/check-allocation.ts";
import { exampleSpecs } from "../support/examples.ts";

describe("generated modules", async () => {
  const specs = await exampleSpecs();
  for (const dtype of ["f32", "f64"] as const) {
    it.each(specs)(`%s (${dtype}) type-checks under strict and allocates nothing`, async (_file, spec) => {
      const { code } = await compile(spec, { dtype });
      expect(typecheckModule(code)).toEqual([]);
      expect(findAllocations(code)).toEqual([]);
      expect(code).not.toMatch(/^\s*import\b/m);
    });
  }
});
