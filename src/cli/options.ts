// Parsers for command-line option values; a bad value is a commander usage error (exit 2).
import { InvalidArgumentError, Option } from "commander";
import { DEFAULT_LOAD_TIMEOUT } from "./load-timeout.ts";

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError("expected a positive integer.");
  }
  return Number(value);
}

/** `--dtype`, `--target` and `--max-batch`, overriding the spec's own values. */
export function overrideOptions(): Option[] {
  return [
    new Option("--dtype <dtype>", "element type, overriding the spec").choices(["f32", "f64"]),
    new Option(
      "--target <target>",
      "backend, overriding the spec: js (TypeScript loops) or wasm (WebAssembly SIMD in the module)",
    ).choices(["js", "wasm"]),
    new Option("--max-batch <n>", "largest batch size, overriding the spec").argParser(
      parsePositiveInt,
    ),
  ];
}

/** `--load-timeout`: how long a .ts/.js spec may take to load. */
export function loadTimeoutOption(): Option {
  return new Option(
    "--load-timeout <seconds>",
    "how long a .ts/.js spec may take to load (its top-level await and default export)",
  )
    .default(DEFAULT_LOAD_TIMEOUT)
    .argParser(parsePositiveNumber);
}

/** A weight seed: a 32-bit unsigned integer, as in a spec and in `new Model({ seed })`. */
export function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 2 ** 32 - 1) {
    throw new InvalidArgumentError(`expected an integer from 0 to ${2 ** 32 - 1}.`);
  }
  return Number(value);
}

export function parsePositiveNumber(value: string): number {
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x <= 0) {
    throw new InvalidArgumentError("expected a positive number, e.g. 1e-6.");
  }
  return x;
}
