// How long a .ts/.js spec may take to load (its top-level await and default export), in seconds;
// its own file so the command line can show it without loading the spec loader.
import { FileError } from "../../compiler/errors.ts";

export const DEFAULT_LOAD_TIMEOUT = 60;

/** A spec load that did not finish (the spec may still be running): reported as it is. */
export class StalledLoad extends FileError {}
