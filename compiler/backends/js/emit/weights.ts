// Weight files emitted into the module: save() / load() of a small binary format, and named
// export / import (toJSON, loadWeights) for interoperability with Keras / TensorFlow.js names.
// Loading checks everything before it copies anything: a bad file changes nothing.
//
// Format (little-endian): "TPLW" · u16 version · u8 dtype (1 f32, 2 f64) · u8 flags (1: optimizer
// state) · u32 layout hash · u32 L · L bytes layout signature (ASCII JSON [[name, shape], ...]) ·
// u32 paramCount · f64 stepCount · u32 O · O bytes optimizer name · u32 stateCount ·
// params · state buffers · u32 FNV-1a checksum of everything before it.
// Version 2, written by models with state (layout.state: batch norm's moving statistics): the
// signature lists the state values after the parameters, a u32 modelStateLength follows paramCount,
// and the model's state values follow the last buffer (before the checksum).
import { stateLength, type ModuleLayout } from "./layout.ts";
import { stringLiteral } from "./names.ts";
import { callStatement, fits, ifStatement, prettierString, type Canonicity } from "./canonical.ts";

export const WEIGHTS_FORMAT_VERSION = 1;

/** The layout's parameter (then state) names and shapes as ASCII JSON (non-ASCII escaped). */
export function layoutSignature(layout: ModuleLayout): string {
  const json = JSON.stringify([...layout.params, ...layout.state].map((p) => [p.name, p.shape]));
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** FNV-1a, 32 bits, over char codes (< 256 here); the same function the module uses on bytes. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export const WEIGHTS_HELPERS = `/** FNV-1a (32 bits) of bytes[0, end). */
function fnv1a(bytes: Uint8Array, end: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  return h;
}

function weightsError(message: string): Error {
  return new Error(\`cannot load weights: \${message}\`);
}

/** What differs between two layout signatures, in words. */
function layoutDifference(file: string, model: string): string {
  try {
    return listDifference(
      JSON.parse(file) as [string, number[]][],
      JSON.parse(model) as [string, number[]][],
    );
  } catch {
    return "the file's layout signature is not a list of [name, shape] pairs";
  }
}

function listDifference(a: [string, number[]][], b: [string, number[]][]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (!a[i]!)
      return \`the file lacks parameter \${JSON.stringify(b[i]![0]!)} \${JSON.stringify(b[i]![1]!)}\`;
    if (!b[i]!)
      return \`the file has parameter \${JSON.stringify(a[i]![0]!)} \${JSON.stringify(a[i]![1]!)} that the model does not\`;
    if (a[i]![0]! !== b[i]![0]!)
      return \`parameter \${i + 1} is \${JSON.stringify(a[i]![0]!)} in the file, \${JSON.stringify(b[i]![0]!)} in the model\`;
    if (JSON.stringify(a[i]![1]!) !== JSON.stringify(b[i]![1]!)) {
      return \`parameter \${JSON.stringify(a[i]![0]!)} has shape \${JSON.stringify(a[i]![1]!)} in the file, \${JSON.stringify(b[i]![1]!)} in the model\`;
    }
  }
  return "the layouts differ";
}

/** A slice of the parameters or of the state, as layout lists it. */
interface Entry {
  name: string;
  shape: readonly number[];
  offset: number;
  length: number;
}

/** layout.params, typed so that a model without parameters (an empty tuple) type-checks too. */
function paramEntries(): readonly Entry[] {
  return layout.params;
}

/** layout.state (empty for most models), typed likewise. */
function stateEntries(): readonly Entry[] {
  return layout.state;
}

/** One toJSON() entry: the slice's shape and values. */
function entryJSON(p: Entry, buffer: ArrayLike<number>): { shape: number[]; data: number[] } {
  return {
    shape: [...p.shape],
    data: Array.from({ length: p.length }, (_, i) => buffer[p.offset + i]!),
  };
}

function asciiBytes(text: string, bytes: Uint8Array, at: number): void {
  for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
}

function asciiText(bytes: Uint8Array, at: number, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += String.fromCharCode(bytes[at + i]!);
  return text;
}

/** A value named in an error message: its kind, never its raw text. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return String(value);
  return typeof value === "object" ? "an object" : \`a \${typeof value}\`;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  if (typeof value !== "object" || value === null) return false;
  const length = (value as { length?: unknown }).length;
  return typeof length === "number" && Number.isSafeInteger(length) && length >= 0;
}

/** One loadWeights entry as { shape, data }, or an error naming the parameter. */
function weightsEntry(key: string, value: unknown): { shape: unknown; data: ArrayLike<unknown> } {
  const name = JSON.stringify(key);
  if (isArrayLike(value)) return { shape: undefined, data: value };
  if (typeof value !== "object" || value === null) {
    throw weightsError(
      \`parameter \${name} must be an array of numbers or { shape, data }, got \${describeValue(value)}\`,
    );
  }
  const entry = value as { shape?: unknown; data?: unknown };
  if (!isArrayLike(entry.data))
    throw weightsError(
      \`parameter \${name} has no data array (data is \${describeValue(entry.data)})\`,
    );
  return { shape: entry.shape, data: entry.data };
}

/** A shape as given (any values), for messages: [3,5], ["3",5], [null]. */
function shapeText(shape: readonly unknown[]): string {
  return \`[\${shape.map((d) => (typeof d === "string" ? JSON.stringify(d) : describeValue(d))).join(",")}]\`;
}

/**
 * The parameter a loadWeights key names: the exact name, else the name without Keras's ":0",
 * else the one name equal up to "/" vs "." and snake_case vs camelCase (Keras's "dense1/kernel",
 * "bn/moving_mean" for "bn.movingMean"). Never a guess between two.
 */
function resolveWeightName(key: string, names: ReadonlySet<string>): string {
  if (names.has(key)) return key;
  const bare = key.endsWith(":0") ? key.slice(0, -2) : key;
  if (names.has(bare)) return bare;
  const spelling = (name: string) =>
    name
      .split("/")
      .join(".")
      .replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const matches = [...names].filter((name) => spelling(name) === spelling(bare));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw weightsError(
      \`\${JSON.stringify(key)} could be any of \${matches.map((m) => JSON.stringify(m)).join(", ")}; give the exact name\`,
    );
  }
  throw weightsError(
    \`unknown parameter \${JSON.stringify(key)} (the model has \${[...names].map((m) => JSON.stringify(m)).join(", ")})\`,
  );
}`;

export interface WeightsInput {
  layout: ModuleLayout;
  typedArray: "Float32Array" | "Float64Array";
  optimizer: string;
  state: string[];
}

/** The methods, indented as class members, in their final layout (canonical.ts). */
export function weightsMethods({ layout, typedArray, optimizer, state }: WeightsInput, canon: Canonicity): string {
  const signature = layoutSignature(layout);
  const size = typedArray === "Float64Array" ? 8 : 4;
  const dtypeCode = typedArray === "Float64Array" ? 2 : 1;
  const get = typedArray === "Float64Array" ? "getFloat64" : "getFloat32";
  const set = typedArray === "Float64Array" ? "setFloat64" : "setFloat32";
  const buffers = ["this.params", ...state.map((s) => `this.${s}`)];
  const n = layout.paramCount;
  const dtypeName = typedArray === "Float64Array" ? "f64" : "f32";
  const finite = typedArray === "Float64Array" ? "value" : "Math.fround(value)";
  const hash = fnv1a(signature);
  const literal = prettierString(stringLiteral(signature));
  const optimizerLiteral = prettierString(stringLiteral(optimizer));
  const stateList = `${state.length}${state.length > 0 ? ` (${state.join(", ")})` : ""}`;
  // Models with state (layout.state) write version 2: its length after paramCount, its values last.
  const kept = stateLength(layout);
  const version = kept > 0 ? 2 : 1;
  const v2 = (text: string) => (kept > 0 ? text : "");
  // bytes after the signature up to the optimizer's name: paramCount, [modelStateLength,] stepCount, its length
  const counts = kept > 0 ? 20 : 16;
  const signatureDeclaration = fits(`    const signature = ${literal};`)
    ? `    const signature = ${literal};`
    : `    const signature =\n      ${literal};`;
  const signatureCheck = signatureTest(hash, literal, canon);
  const paramCountCheck = ifStatement(2, `paramCount !== ${n}`, `throw weightsError(\`the file holds \${paramCount} parameter values, this model has ${n}\`);`, canon);
  return `
  /** The parameters (and with \`{ optimizerState: true }\` the optimizer state) as a weights file. */
  save(options: { optimizerState?: boolean } = {}): Uint8Array {
${signatureDeclaration}
    const optimizer = ${optimizerLiteral};
    const withState = options.optimizerState === true;
    const buffers = withState ? [${buffers.join(", ")}] : [this.params];
    const dataStart = 16 + signature.length + ${counts} + optimizer.length + 4;
    const bytes = new Uint8Array(dataStart + buffers.length * ${n * size} + ${kept > 0 ? `${kept * size} + ` : ""}4);
    const view = new DataView(bytes.buffer);
    asciiBytes("TPLW", bytes, 0);
    view.setUint16(4, ${version}, true);
    view.setUint8(6, ${dtypeCode});
    view.setUint8(7, withState ? 1 : 0);
    view.setUint32(8, ${hash}, true);
    view.setUint32(12, signature.length, true);
    asciiBytes(signature, bytes, 16);
    let at = 16 + signature.length;
    view.setUint32(at, ${n}, true);
${v2(`    view.setUint32(at + 4, ${kept}, true);
    at += 4;
`)}    view.setFloat64(at + 4, this.stepCount, true);
    view.setUint32(at + 12, optimizer.length, true);
    asciiBytes(optimizer, bytes, at + 16);
    view.setUint32(at + 16 + optimizer.length, buffers.length - 1, true);
    at = dataStart;
    for (const buffer of buffers) {
      for (let i = 0; i < ${n}; i++, at += ${size}) view.${set}(at, buffer[i]!, true);
    }
${v2(`    for (let i = 0; i < ${kept}; i++, at += ${size}) view.${set}(at, this.state[i]!, true);
`)}    view.setUint32(at, fnv1a(bytes, at), true);
    return bytes;
  }

  /**
   * Loads a file written by save() for this layout. The file's optimizer state, if any, is loaded
   * too unless \`{ optimizerState: false }\`. Everything is checked before anything is copied.
   */
  load(bytes: Uint8Array, options: { optimizerState?: boolean } = {}): void {
    if (!(bytes instanceof Uint8Array))
      throw new TypeError("cannot load weights: expected a Uint8Array");
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 20 || asciiText(bytes, 0, 4) !== "TPLW") {
      throw weightsError("not a tapeless weights file (no TPLW magic number)");
    }
    const version = view.getUint16(4, true);
    if (version !== ${version})
      throw weightsError(
        \`format version \${version} is not supported (this module reads version ${version})\`,
      );
    const truncated = (need: number) =>
      weightsError(\`the file is truncated: \${bytes.length} bytes, at least \${need} expected\`);
    const signatureLength = view.getUint32(12, true);
    let at = 16 + signatureLength;
    if (bytes.length < at + ${counts}) throw truncated(at + ${counts});
    const paramCount = view.getUint32(at, true);
${v2(`    const stateLength = view.getUint32(at + 4, true);
    at += 4;
`)}    const stepCount = view.getFloat64(at + 4, true);
    const optimizerLength = view.getUint32(at + 12, true);
    if (bytes.length < at + 20 + optimizerLength) throw truncated(at + 20 + optimizerLength);
    const optimizer = asciiText(bytes, at + 16, optimizerLength);
    const stateCount = view.getUint32(at + 16 + optimizerLength, true);
    at += 20 + optimizerLength;
    const dtype = view.getUint8(6);
    const flags = view.getUint8(7);
    const elementSize = dtype === 2 ? 8 : 4;
    const expected = at + ${kept > 0 ? "((1 + stateCount) * paramCount + stateLength)" : "(1 + stateCount) * paramCount"} * elementSize + 4;
    if (bytes.length < expected) throw truncated(expected);
    if (bytes.length > expected)
      throw weightsError(\`the file has \${bytes.length - expected} unexpected bytes after its data\`);
    if (fnv1a(bytes, expected - 4) !== view.getUint32(expected - 4, true)) {
      throw weightsError("the file is corrupt (checksum mismatch)");
    }
    // Every header field is checked against this model before anything is copied.
    if (dtype !== ${dtypeCode}) {
      throw weightsError(
        \`the file holds \${dtype === 2 ? "f64" : dtype === 1 ? "f32" : \`unknown (dtype code \${dtype})\`} weights, this model is ${dtypeName}\`,
      );
    }
    const signature = asciiText(bytes, 16, signatureLength);
${signatureCheck}
    }
${paramCountCheck}${v2(`
${ifStatement(2, `stateLength !== ${kept}`, `throw weightsError(\`the file holds \${stateLength} state values, this model has ${kept}\`);`, canon)}`)}
    if (flags > 1) throw weightsError(\`unknown header flags \${flags} (this module knows 0 and 1)\`);
    if (flags === 0 && stateCount !== 0) {
      throw weightsError(
        \`the header is inconsistent: \${stateCount} optimizer state buffers without the optimizer-state flag\`,
      );
    }
    if (options.optimizerState === true && flags === 0) {
      throw weightsError(
        "the file has no optimizer state (it was saved without { optimizerState: true })",
      );
    }
    const withState = flags === 1 && options.optimizerState !== false;
    if (withState) {
      const kind = /^[A-Za-z0-9_-]*$/.test(optimizer) ? optimizer : JSON.stringify(optimizer);
      if (optimizer !== ${optimizerLiteral}) {
        throw weightsError(
          \`the file holds \${kind} state, this model uses ${optimizer}; load it with { optimizerState: false }\`,
        );
      }
      if (stateCount !== ${state.length}) {
        throw weightsError(
          \`the file holds \${stateCount} ${optimizer} state buffers, this model's ${optimizer} has ${stateList}; load it with { optimizerState: false }\`,
        );
      }
      if (!(Number.isSafeInteger(stepCount) && stepCount >= 0)) {
        throw weightsError(\`the file's step count \${stepCount} is not a non-negative integer\`);
      }
    }
    const buffers = withState ? [${buffers.join(", ")}] : [this.params];
    for (const buffer of buffers) {
      for (let i = 0; i < ${n}; i++, at += ${size}) buffer[i] = view.${get}(at, true);
    }
${v2(`    at = expected - ${4 + kept * size}; // the model's state follows every buffer
    for (let i = 0; i < ${kept}; i++, at += ${size}) this.state[i] = view.${get}(at, true);
`)}    if (withState) this.stepCount = stepCount;
  }

  /**
   * Every parameter, then every state value, by name:
   * \`{ "dense1.kernel": { shape: [784, 128], data: [...] }, ... }\`.
   */
  toJSON(): Record<string, { shape: number[]; data: number[] }> {
    const out: Record<string, { shape: number[]; data: number[] }> = {};
    for (const p of paramEntries()) out[p.name] = entryJSON(p, this.params);
    for (const p of stateEntries()) out[p.name] = entryJSON(p, this.state);
    return out;
  }

  /**
   * Sets parameters and state by name, e.g. from toJSON() or from Keras / TensorFlow.js weights
   * named "dense1/kernel", "dense1/kernel:0" or "bn/moving_mean" (kernels [in, units], as here).
   * Every parameter and state value must be given, with its shape if one is stated; nothing is
   * changed unless all of them fit.
   */
  loadWeights(
    weights: Record<
      string,
      ArrayLike<number> | { shape?: readonly number[]; data: ArrayLike<number> }
    >,
  ): void {
    if (typeof weights !== "object" || weights === null) {
      throw weightsError(
        \`expected an object mapping parameter names to weights, got \${describeValue(weights)}\`,
      );
    }
    const entries = [
      ...paramEntries().map((p) => ({ ...p, buffer: this.params })),
      ...stateEntries().map((p) => ({ ...p, buffer: this.state })),
    ];
    const names = new Set<string>(entries.map((p) => p.name));
    const byName = new Map<string, { key: string; shape: unknown; data: ArrayLike<unknown> }>();
    for (const key of Object.keys(weights)) {
      const name = resolveWeightName(key, names);
      const earlier = byName.get(name);
      if (earlier)
        throw weightsError(
          \`parameter \${JSON.stringify(name)} is given twice, as \${JSON.stringify(earlier.key)} and \${JSON.stringify(key)}\`,
        );
      byName.set(name, { key, ...weightsEntry(key, (weights as Record<string, unknown>)[key]!) });
    }
    for (const p of entries) {
      const w = byName.get(p.name);
      const name = JSON.stringify(p.name);
      if (!w) throw weightsError(\`parameter \${name} is missing\`);
      if (w.shape !== undefined) {
        const shape = w.shape;
        if (!Array.isArray(shape))
          throw weightsError(
            \`parameter \${name} has shape \${describeValue(shape)}, expected an array like \${JSON.stringify(p.shape)}\`,
          );
        if (shape.length !== p.shape.length || shape.some((d, i) => d !== p.shape[i]!)) {
          throw weightsError(
            \`parameter \${name} has shape \${shapeText(shape)}, the model expects \${JSON.stringify(p.shape)}\`,
          );
        }
      }
      if (w.data.length !== p.length)
        throw weightsError(
          \`parameter \${name} has \${w.data.length} values, the model expects \${p.length}\`,
        );
      for (let i = 0; i < p.length; i++) {
        const value = w.data[i]!;
        if (typeof value !== "number") {
          const what =
            value === undefined && Array.isArray(w.data) && !(i in w.data)
              ? "missing (a hole in a sparse array)"
              : describeValue(value);
          throw weightsError(\`parameter \${name}: value \${i} is \${what}, expected a number\`);
        }
        if (!Number.isFinite(${finite})) {
          throw weightsError(
            \`parameter \${name}: value \${i} is \${value}, expected a finite ${dtypeName} number\`,
          );
        }
      }
    }
    for (const p of entries) {
      const data = byName.get(p.name)!.data as ArrayLike<number>;
      for (let i = 0; i < p.length; i++) p.buffer[p.offset + i] = data[i]!;
    }
  }
`;
}

/** The layout check of load(), laid out as prettier does for a signature of this length. */
function signatureTest(hash: number, literal: string, canon: Canonicity): string {
  const hashTest = `view.getUint32(8, true) !== ${hash}`;
  const flat = `    if (${hashTest} || signature !== ${literal}) {`;
  const signatureTest = fits(`      signature !== ${literal}`) ? `      signature !== ${literal}` : `      signature !==\n        ${literal}`;
  const test = fits(flat) ? flat : `    if (\n      ${hashTest} ||\n${signatureTest}\n    ) {`;
  const error = callStatement(3, `throw weightsError(\`it was saved for another layout: \${layoutDifference(signature, ${literal})}\`);`, canon);
  return `${test}\n${error}`;
}
