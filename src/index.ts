// Public API of tapeless: spec builders, compile(), and the types users touch.
// (Stub while the compiler lands; the lead replaces this file.)
export * from "./spec/types.ts";
import type { DType } from "./spec/types.ts";

export interface CompileOptions {
  dtype?: DType;
  maxBatch?: number;
  /** Spec file path as the user gave it (relative), named in the generated header. */
  source?: string;
}

export interface CompileResult {
  name: string;
  code: string;
  ir: string;
  gradIr: string;
  plan: string;
  layout: unknown;
  stats: { paramCount: number; arenaBytes: number };
}

export async function compile(_spec: unknown, _options: CompileOptions = {}): Promise<CompileResult> {
  throw new Error("compile: not implemented yet");
}
