// Turns zod issues into tapeless messages: error maps that word each problem for the field that
// raised it, and a converter to Issue. Zod's default English text never reaches the user.
import type * as z from "zod";
import { type Issue, type Path, quote } from "./issues.ts";
import { didYouMean, listNames } from "./suggest.ts";

type RawIssue = z.core.$ZodRawIssue;
type ErrorParam = { error: (issue: RawIssue) => string | undefined };

/** Schema-level map: "expected <what>, got <value>" (or "missing; expected <what>"). */
export function expecting(what: string, tooBig?: (max: number) => string): ErrorParam {
  return {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") return undefined;
      if (issue.input === undefined) return `missing; expected ${what}`;
      if (issue.code === "too_big" && tooBig && typeof issue.maximum === "number") {
        return `${tooBig(issue.maximum)}, got ${quote(issue.input)}`;
      }
      return `expected ${what}, got ${quote(issue.input)}`;
    },
  };
}

/** Message for a name that is not in `allowed`: `unknown activation "rleu"; did you mean "relu"? (allowed: ...)`. */
export function unknownName(noun: string, input: unknown, allowed: readonly string[]): string {
  const list = `(allowed: ${listNames(allowed)})`;
  if (input === undefined) return `missing; expected ${noun} ${list}`;
  if (typeof input !== "string") return `expected ${noun} name, got ${quote(input)} ${list}`;
  return `unknown ${noun} ${quote(input)}${didYouMean(input, allowed)} ${list}`;
}

/** Error map for an enum of names. */
export function namesOf(noun: string, allowed: readonly string[]): ErrorParam {
  return { error: (issue) => unknownName(noun, issue.input, allowed) };
}

/**
 * Error map for a union discriminated by `type`: an unknown or missing type gets a did-you-mean;
 * `hint(type)` may explain a type that exists elsewhere but not here (e.g. "add" in a layer list).
 */
export function typeUnion(noun: string, example: string, hint?: (type: unknown) => string | undefined): ErrorParam {
  return {
    error: (issue) => {
      if (issue.code === "invalid_type")
        return `expected ${article(noun)} ${noun} object such as ${example}, got ${quote(issue.input)}`;
      if (issue.code !== "invalid_union") return undefined;
      const input = issue.input;
      const type = isRecord(input) && Object.hasOwn(input, "type") ? input.type : undefined;
      const options = ((issue.options as unknown[] | undefined) ?? []).map(String);
      return hint?.(type) ?? unknownName(`${noun} type`, type, options);
    },
  };
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? "an" : "a";
}

/** Contextual map (passed to safeParse): the wording for issues no schema-level map claimed. */
export function fallbackMessage(issue: RawIssue): string {
  if (issue.code === "unrecognized_keys") return unknownKeys(issue.keys, knownKeys(issue.inst));
  if (issue.input === undefined) return "missing";
  return `invalid value ${quote(issue.input)}`;
}

function unknownKeys(keys: readonly string[], known: readonly string[]): string {
  const list = known.length > 0 ? ` (allowed: ${listNames(known)})` : "";
  if (keys.length === 1) return `unknown key ${quote(keys[0])}${didYouMean(keys[0], known)}${list}`;
  return `unknown keys ${keys.map(quote).join(", ")}${list}`;
}

function knownKeys(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: unknown } } } | undefined)?._zod?.def?.shape;
  return isRecord(shape) ? Object.keys(shape) : [];
}

/**
 * Zod's final issues as tapeless Issues; a single unknown key is pointed at directly. A union
 * (a shape or { shape, dtype }; one loss or a list) whose value has the kind of exactly one
 * option reports that option's own issues, with their paths, instead of "no option matched".
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: Path = []): Issue[] {
  return issues.flatMap((issue) => {
    let path: Path = [...prefix, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
    const branch = issue.code === "invalid_union" ? matchingBranch(issue.errors) : undefined;
    if (branch) return fromZodIssues(branch, path);
    if (issue.code === "unrecognized_keys" && issue.keys.length === 1) path = [...path, issue.keys[0]];
    return [{ path, detail: issue.message }];
  });
}

/** The one union option the value was of the right kind for (its issues are not a root type mismatch). */
function matchingBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): z.core.$ZodIssue[] | undefined {
  const near = branches.filter((b) => !(b.length === 1 && b[0].code === "invalid_type" && b[0].path.length === 0));
  return near.length === 1 ? [...near[0]] : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
