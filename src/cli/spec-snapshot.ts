// A spec module's default export copied into plain data, once, while the user's file is still the
// one being blamed: getters and proxies run here, so one that throws is the user's error (naming
// the field), and the compiler later reads only inert data. Iterative (no depth limit); cycles and
// shared objects are kept as they are; "__proto__" stays an own key.
import { type Path } from "../spec/issues.ts";

interface Link {
  parent: Link | undefined;
  key: string | number;
}

function pathOf(link: Link | undefined): Path {
  const path: (string | number)[] = [];
  for (let l = link; l; l = l.parent) path.unshift(l.key);
  return path;
}

/** Objects read field by field: arrays and ordinary objects, not typed arrays, dates, maps... */
function isCopied(value: unknown): value is object {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return false;
  return !(
    value instanceof Date ||
    value instanceof Map ||
    value instanceof Set ||
    value instanceof RegExp
  );
}

export class SnapshotError extends Error {
  constructor(
    readonly path: Path,
    readonly error: unknown,
  ) {
    super("reading the spec threw");
  }
}

/** `root` as plain arrays and objects; throws SnapshotError (with the field) if reading it throws. */
export function snapshotSpec(root: unknown): unknown {
  const copies = new Map<object, unknown>();
  const work: { from: object; to: Record<string, unknown> | unknown[]; at: Link | undefined }[] =
    [];
  const copy = (value: unknown, at: Link | undefined): unknown => {
    if (!isCopied(value)) return value;
    const seen = copies.get(value);
    if (seen !== undefined) return seen;
    const to: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
    copies.set(value, to);
    work.push({ from: value, to, at });
    return to;
  };
  let field: Link | undefined;
  try {
    const result = copy(root, undefined);
    for (let item = work.pop(); item; item = work.pop()) {
      const { from, to, at } = item;
      field = at;
      const keys: (string | number)[] = Array.isArray(from)
        ? Array.from({ length: from.length }, (_, i) => i)
        : Object.keys(from);
      for (const key of keys) {
        field = { parent: at, key };
        const value = copy((from as Record<string | number, unknown>)[key], field);
        Object.defineProperty(to, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    return result;
  } catch (e) {
    throw new SnapshotError(pathOf(field), e);
  }
}
