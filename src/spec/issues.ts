// Spec problems as data (path segments + detail) and how they become one SpecError.
// Paths stay structured until the error is thrown, so every message formats them the same way.
import { SpecError } from "../../compiler/errors.ts";

/** Object keys and array indices from the spec root, e.g. ["layers", 1, "units"]. */
export type Path = readonly (string | number)[];

export interface Issue {
  path: Path;
  detail: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_REPORTED = 20;
const MAX_QUOTED = 60;

/** `layers[1].units`, `nodes["my node"].units`; the root is called `spec`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === "" ? "spec" : out;
}

/** A user value as it appears in a message: JSON-like, never longer than ~60 characters. */
export function quote(value: unknown): string {
  return truncate(describeValue(value));
}

function describeValue(value: unknown): string {
  switch (typeof value) {
    case "undefined":
      return "undefined";
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "symbol":
      return value.toString();
    case "function":
      return "a function";
    default:
      try {
        return JSON.stringify(value) ?? String(value);
      } catch {
        return Array.isArray(value) ? "an array" : "an object";
      }
  }
}

function truncate(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 1)}…` : text;
}

/** A shape as printed in messages: `[28, 28]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** One line per issue: `path: detail`. */
export function formatIssue(issue: Issue): string {
  return `${formatPath(issue.path)}: ${issue.detail}`;
}

/**
 * Throws one SpecError for all issues (no-op when there are none). `path`/`detail` describe the
 * first issue; the message lists every issue, one per line, at most 20.
 */
export function throwIfAny(issues: readonly Issue[]): void {
  if (issues.length === 0) return;
  const [first, ...rest] = issues;
  const lines = [first, ...rest.slice(0, MAX_REPORTED - 1)].map((i) => ({
    text: formatIssue(i),
    segments: i.path,
  }));
  if (issues.length > MAX_REPORTED)
    lines.push({ text: `… and ${issues.length - MAX_REPORTED} more problems`, segments: [] });
  const detail = [first.detail, ...lines.slice(1).map((l) => l.text)].join("\n");
  throw new SpecError(formatPath(first.path), detail, first.path, lines);
}
