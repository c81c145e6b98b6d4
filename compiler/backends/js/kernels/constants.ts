// Kernels of the constants: a scalar (the seed ∂L/∂L = 1) and a constant tensor (one value, or a module-level table).
import { ints } from "../../../ops/define.ts";
import type { KernelContext } from "../rule.ts";

export function constCode(k: KernelContext): string {
  return `${k.out}[0] = ${k.attrs.value};`;
}

export function tensorCode(k: KernelContext): string {
  const values = ints(k.attrs, "values");
  if (values.every((v) => v === values[0])) return `for (let i = 0; i < ${values.length}; i++) ${k.out}[i] = ${values[0]};`;
  const table = k.constant(`const_${k.outShape.join("x")}`, values);
  return `for (let i = 0; i < ${values.length}; i++) ${k.out}[i] = ${table}[i]!;`;
}
