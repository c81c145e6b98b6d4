// Finds the first key that appears twice in one object of valid JSON text (JSON.parse keeps the
// last silently). One pass with an explicit stack, so nesting depth cannot exhaust the call stack.

export interface DuplicateKey {
  key: string;
  /** Offsets of the opening quote of the first and of the repeated key. */
  first: number;
  second: number;
}

/** Offset just past the string literal whose opening quote is at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  return i + 1;
}

/** The first duplicate key in `text`, which must be valid JSON (as JSON.parse accepted it). */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const stack: (Map<string, number> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      const keys = stack[stack.length - 1];
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(i, end)) as string;
        const first = keys.get(key);
        if (first !== undefined) return { key, first, second: i };
        keys.set(key, i);
        expectKey = false;
      }
      i = end;
      continue;
    }
    if (c === "{") {
      stack.push(new Map());
      expectKey = true;
    } else if (c === "[") {
      stack.push(null);
    } else if (c === "}" || c === "]") {
      stack.pop();
      expectKey = false;
    } else if (c === ",") {
      expectKey = stack[stack.length - 1] !== null;
    }
    i++;
  }
  return undefined;
}
