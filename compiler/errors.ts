// Error classes shared by every phase. A TapelessError is the user's mistake (bad spec, bad
// file, bad arguments): the CLI prints its message alone and exits 2. Anything else that escapes
// the compiler is an internal error: a bug to report, printed with its stack.

export class TapelessError extends Error {
  override name = "TapelessError";
}

/** One line of a SpecError: `path: detail`, and the path as keys and indices from the spec root. */
export interface SpecErrorLine {
  text: string;
  segments: readonly (string | number)[];
}

/**
 * An invalid spec; `path` is the offending field, e.g. `layers[1].units`. With several problems,
 * `lines` has one entry per line of the message, each with its own field (to locate in a file).
 */
export class SpecError extends TapelessError {
  override name = "SpecError";
  readonly lines: readonly SpecErrorLine[];
  constructor(
    readonly path: string,
    readonly detail: string,
    /** The same path as keys and indices from the spec root (to find it in a source file). */
    readonly segments: readonly (string | number)[] = [],
    lines?: readonly SpecErrorLine[],
  ) {
    super(path ? `${path}: ${detail}` : detail);
    this.lines = lines ?? [{ text: this.message, segments }];
  }
}

/** A shape mismatch found while building or checking the IR. */
export class ShapeError extends TapelessError {
  override name = "ShapeError";
}

/** A file that cannot be read or parsed (JSON syntax, spec module that throws, ...). */
export class FileError extends TapelessError {
  override name = "FileError";
}

/** A compiler bug: an invariant that should hold did not. */
export class InternalError extends Error {
  override name = "InternalError";
}

export function isUserError(e: unknown): e is TapelessError {
  return e instanceof TapelessError;
}
