// Applies text edits (replace [start, end) by text) to a string in one pass: linear in the size of
// the code whatever the number of edits. Edits must not overlap.
import { InternalError } from "../../../errors.ts";

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export function applyEdits(code: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) throw new InternalError(`overlapping edits at ${e.start}`);
    parts.push(code.slice(pos, e.start), e.text);
    pos = e.end;
  }
  parts.push(code.slice(pos));
  return parts.join("");
}
