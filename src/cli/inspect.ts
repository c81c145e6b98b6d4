// `tapeless inspect <spec> [--ir] [--grad] [--plan] [--code]`: prints the compiler's intermediate
// results. One section prints bare; several print in that order, each under a header line.
import type { CompileResult } from "../index.ts";
import { compileFile, type CompileOverrides } from "./compile-file.ts";

export interface InspectOptions extends CompileOverrides {
  ir?: boolean;
  grad?: boolean;
  plan?: boolean;
  code?: boolean;
}

const SECTIONS = [
  { flag: "ir", title: "forward IR", text: (r: CompileResult) => r.ir },
  { flag: "grad", title: "gradient IR", text: (r: CompileResult) => r.gradIr },
  { flag: "plan", title: "memory plan", text: (r: CompileResult) => r.plan },
  { flag: "code", title: "generated code", text: (r: CompileResult) => r.code },
] as const;

export async function runInspect(
  spec: string,
  options: InspectOptions,
  print: (text: string) => void,
): Promise<void> {
  const result = await compileFile(spec, options);
  print(renderSections(result, options));
}

export function renderSections(result: CompileResult, options: InspectOptions): string {
  const chosen = SECTIONS.filter((s) => options[s.flag]);
  const sections = chosen.length > 0 ? chosen : [SECTIONS[0]];
  if (sections.length === 1) return sections[0].text(result).trimEnd();
  return sections
    .map((s) => `==== ${s.title}: ${result.name} ====\n\n${s.text(result).trimEnd()}`)
    .join("\n\n");
}
