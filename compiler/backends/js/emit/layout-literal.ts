// The `layout` constant as prettier prints it: an object literal one property per line, arrays
// and objects inside on one line when they fit the print width, else broken one element per line.
// prettier always breaks an array of two or more objects that each have two or more keys.
import type { ModuleLayout } from "./layout.ts";
import { decideFits, prettierString, type Canonicity } from "./canonical.ts";
import { stringLiteral } from "./names.ts";

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export function layoutLiteral(layout: ModuleLayout, canon: Canonicity): string {
  return value(layout as unknown as Json, 0, "", canon, true);
}

/** `v` printed at `depth` (the line it starts on already holds `prefix`, then `suffix` follows). */
function value(v: Json, depth: number, suffix: string, canon: Canonicity, breakObject = false, prefix = ""): string {
  const pad = "  ".repeat(depth);
  const flatText = flat(v);
  if (v === null || typeof v !== "object") return flatText;
  const items: [string, Json][] = Array.isArray(v) ? v.map((x) => ["", x]) : Object.entries(v);
  if (items.length === 0) return flatText;
  const forced = Array.isArray(v) && items.length > 1 && items.every(([, x]) => isObject(x) && Object.keys(x as object).length > 1);
  if (!breakObject && !forced && decideFits(`${pad}${prefix}${flatText}${suffix}`, canon)) return flatText;
  if (Array.isArray(v) && items.every(([, x]) => typeof x === "number")) canon.fail("a number array wider than the print width (prettier fills it)");
  if (Array.isArray(v) && items.length === 1) canon.fail("a one-element array wider than the print width");
  const inner = "  ".repeat(depth + 1);
  const lines = items.map(([k, x]) => {
    const key = Array.isArray(v) ? "" : `${propertyKey(k, canon)}: `;
    return `${inner}${key}${value(x, depth + 1, ",", canon, false, key)},`;
  });
  const [open, close] = Array.isArray(v) ? ["[", "]"] : ["{", "}"];
  return `${open}\n${lines.join("\n")}\n${pad}${close}`;
}

const isObject = (x: Json) => typeof x === "object" && x !== null && !Array.isArray(x);

function flat(v: Json): string {
  if (typeof v === "string") return prettierString(stringLiteral(v));
  if (typeof v === "number") return String(v).replace("e+", "e");
  if (v === null || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(flat).join(", ")}]`;
  const entries = Object.entries(v);
  return entries.length === 0 ? "{}" : `{ ${entries.map(([k, x]) => `${k}: ${flat(x)}`).join(", ")} }`;
}

/** Layout keys are fixed identifiers; anything else would need prettier's quoting rules. */
function propertyKey(key: string, canon: Canonicity): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) canon.fail(`a layout key that is not an identifier: ${key}`);
  return key;
}
