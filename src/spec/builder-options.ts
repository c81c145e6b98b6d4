// What every builder shares: options objects kept whole (a misspelt key reaches the validator,
// which names it as in a JSON spec) and data without undefined-valued keys.
import { SpecError } from "../../compiler/errors.ts";
import { quote } from "./issues.ts";

/** Options of a layer in a list: a name, never an input. */
export type LayerOptions = { name?: string; input?: undefined };
/** Options of a graph node: the value it reads. */
export type NodeOptions = { input: string };

/** Drops keys whose value is undefined (so `toStrictEqual` and JSON.stringify match hand-written data). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The options object of a builder call, every key kept: a misspelt one (`activaton`) reaches the
 * validator, which rejects it with its path and the likely key, exactly as in a JSON spec.
 */
export function optionsOf(builder: string, options: unknown): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new SpecError("", `${builder}(): options must be an object such as { name: "h1" }, got ${quote(options)}`);
  }
  return options as Record<string, unknown>;
}

/** A single-input builder: with `input` in its options it builds a graph node, else a layer. */
export type SingleInput<Args extends unknown[], L extends { name?: string }, O = object> = {
  (...args: [...Args, options: O & NodeOptions]): Omit<L, "name"> & NodeOptions;
  (...args: [...Args, options?: O & LayerOptions]): L;
};
export type Fields<L> = Omit<L, "type" | "name">;

/** `{ type, ...fields, ...options }` without undefined keys; the options object is kept whole (strictness). */
export function built(type: string, fields: object, options: unknown): never {
  return compact({ type, ...optionsOf(type, options), ...fields }) as never;
}
