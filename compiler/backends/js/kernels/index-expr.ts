// Index arithmetic as code text, for the kernels that write their sizes as literals: products and
// sums with the trivial terms dropped, so a generated offset reads as the formula it computes.
// (kernels/conv.ts and kernels/pool.ts keep private copies of `times` that can import these.)

/** `v · c` with the trivial factor dropped (a sum v in parentheses). */
export const times = (v: string, c: number): string => (c === 1 ? v : `${/[+-]/.test(v) ? `(${v})` : v} * ${c}`);

/** A sum of code terms and a constant, without zero terms. */
export function sum(terms: readonly string[], constant = 0): string {
  const parts = terms.filter((t) => t !== "0");
  if (constant > 0) parts.push(String(constant));
  const text = parts.join(" + ") || "0";
  return constant < 0 ? `${text} - ${-constant}` : text;
}
