// File-system failures as user errors: `cannot read <file>: no such file` instead of an errno dump.
import { readFile } from "node:fs/promises";
import { FileError } from "../../compiler/errors.ts";

const REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "is a directory",
  ENOTDIR: "a parent is not a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EEXIST: "already exists",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
};

/** A short reason for a Node fs error, or undefined when `e` is not one. */
export function fsReason(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code)) return undefined;
  return REASONS[code] ?? code;
}

/** Rethrows fs errors from `action` as FileError `cannot <verb> <file>: <reason>`. */
export async function withFileErrors<T>(
  verb: string,
  file: string,
  action: () => Promise<T>,
): Promise<T> {
  try {
    return await action();
  } catch (e) {
    const reason = fsReason(e);
    if (reason === undefined) throw e;
    throw new FileError(`cannot ${verb} ${file}: ${reason}`);
  }
}

export function readTextFile(file: string): Promise<string> {
  return withFileErrors("read", file, () => readFile(file, "utf8"));
}
