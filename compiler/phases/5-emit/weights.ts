// Weight files emitted into the module: save() / load() of a small binary format, and named
// export / import (toJSON, loadWeights) for interoperability with Keras / TensorFlow.js names.
// Loading checks everything before it copies anything: a bad file changes nothing.
//
// Format (little-endian): "TPLW" · u16 version · u8 dtype (1 f32, 2 f64) · u8 flags (1: optimizer
// state) · u32 layout hash · u32 L · L bytes layout signature (ASCII JSON [[name, shape], ...]) ·
// u32 paramCount · f64 stepCount · u32 O · O bytes optimizer name · u32 stateCount ·
// params · state buffers · u32 FNV-1a checksum of everything before it.
import type { ModuleLayout } from "./layout.ts";
import { stringLiteral } from "./names.ts";

export const WEIGHTS_FORMAT_VERSION = 1;

/** The layout's parameter names and shapes as ASCII JSON (non-ASCII escaped). */
export function layoutSignature(layout: ModuleLayout): string {
  const json = JSON.stringify(layout.params.map((p) => [p.name, p.shape]));
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
  for (let i = 0; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h;
}

function weightsError(message: string): Error {
  return new Error(\`cannot load weights: \${message}\`);
}

/** What differs between two layout signatures, in words. */
function layoutDifference(file: string, model: string): string {
  const a = JSON.parse(file) as [string, number[]][];
  const b = JSON.parse(model) as [string, number[]][];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (!a[i]) return \`the file lacks parameter \${JSON.stringify(b[i][0])} \${JSON.stringify(b[i][1])}\`;
    if (!b[i]) return \`the file has parameter \${JSON.stringify(a[i][0])} \${JSON.stringify(a[i][1])} that the model does not\`;
    if (a[i][0] !== b[i][0]) return \`parameter \${i + 1} is \${JSON.stringify(a[i][0])} in the file, \${JSON.stringify(b[i][0])} in the model\`;
    if (JSON.stringify(a[i][1]) !== JSON.stringify(b[i][1])) {
      return \`parameter \${JSON.stringify(a[i][0])} has shape \${JSON.stringify(a[i][1])} in the file, \${JSON.stringify(b[i][1])} in the model\`;
    }
  }
  return "the layouts differ";
}

/** layout.params, typed so that a model without parameters (an empty tuple) type-checks too. */
function paramEntries(): readonly { name: string; shape: readonly number[]; offset: number; length: number }[] {
  return layout.params;
}

function asciiBytes(text: string, bytes: Uint8Array, at: number): void {
  for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
}

function asciiText(bytes: Uint8Array, at: number, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += String.fromCharCode(bytes[at + i]);
  return text;
}`;

export interface WeightsInput {
  layout: ModuleLayout;
  typedArray: "Float32Array" | "Float64Array";
  optimizer: string;
  state: string[];
}

export function weightsMethods({ layout, typedArray, optimizer, state }: WeightsInput): string {
  const signature = layoutSignature(layout);
  const size = typedArray === "Float64Array" ? 8 : 4;
  const dtypeCode = typedArray === "Float64Array" ? 2 : 1;
  const get = typedArray === "Float64Array" ? "getFloat64" : "getFloat32";
  const set = typedArray === "Float64Array" ? "setFloat64" : "setFloat32";
  const buffers = ["this.params", ...state.map((s) => `this.${s}`)];
  const n = layout.paramCount;
  return `
  /** The parameters (and with \`{ optimizerState: true }\` the optimizer state) as a weights file. */
  save(options: { optimizerState?: boolean } = {}): Uint8Array {
    const signature = ${stringLiteral(signature)};
    const optimizer = ${stringLiteral(optimizer)};
    const withState = options.optimizerState === true;
    const buffers = withState ? [${buffers.join(", ")}] : [this.params];
    const dataStart = 16 + signature.length + 16 + optimizer.length + 4;
    const bytes = new Uint8Array(dataStart + buffers.length * ${n * size} + 4);
    const view = new DataView(bytes.buffer);
    asciiBytes("TPLW", bytes, 0);
    view.setUint16(4, ${WEIGHTS_FORMAT_VERSION}, true);
    view.setUint8(6, ${dtypeCode});
    view.setUint8(7, withState ? 1 : 0);
    view.setUint32(8, ${fnv1a(signature)}, true);
    view.setUint32(12, signature.length, true);
    asciiBytes(signature, bytes, 16);
    let at = 16 + signature.length;
    view.setUint32(at, ${n}, true);
    view.setFloat64(at + 4, this.stepCount, true);
    view.setUint32(at + 12, optimizer.length, true);
    asciiBytes(optimizer, bytes, at + 16);
    view.setUint32(at + 16 + optimizer.length, buffers.length - 1, true);
    at = dataStart;
    for (const buffer of buffers) {
      for (let i = 0; i < ${n}; i++, at += ${size}) view.${set}(at, buffer[i], true);
    }
    view.setUint32(at, fnv1a(bytes, at), true);
    return bytes;
  }

  /**
   * Loads a file written by save() for this layout. The file's optimizer state, if any, is loaded
   * too unless \`{ optimizerState: false }\`. Everything is checked before anything is copied.
   */
  load(bytes: Uint8Array, options: { optimizerState?: boolean } = {}): void {
    if (!(bytes instanceof Uint8Array)) throw new TypeError("cannot load weights: expected a Uint8Array");
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 20 || asciiText(bytes, 0, 4) !== "TPLW") {
      throw weightsError("not a tapeless weights file (no TPLW magic number)");
    }
    const version = view.getUint16(4, true);
    if (version !== ${WEIGHTS_FORMAT_VERSION}) throw weightsError(\`format version \${version} is not supported (this module reads version ${WEIGHTS_FORMAT_VERSION})\`);
    const truncated = (need: number) => weightsError(\`the file is truncated: \${bytes.length} bytes, at least \${need} expected\`);
    const signatureLength = view.getUint32(12, true);
    let at = 16 + signatureLength;
    if (bytes.length < at + 16) throw truncated(at + 16);
    const paramCount = view.getUint32(at, true);
    const stepCount = view.getFloat64(at + 4, true);
    const optimizerLength = view.getUint32(at + 12, true);
    if (bytes.length < at + 20 + optimizerLength) throw truncated(at + 20 + optimizerLength);
    const optimizer = asciiText(bytes, at + 16, optimizerLength);
    const stateCount = view.getUint32(at + 16 + optimizerLength, true);
    at += 20 + optimizerLength;
    const dtype = view.getUint8(6);
    const elementSize = dtype === 2 ? 8 : 4;
    const expected = at + (1 + stateCount) * paramCount * elementSize + 4;
    if (bytes.length < expected) throw truncated(expected);
    if (bytes.length > expected) throw weightsError(\`the file has \${bytes.length - expected} unexpected bytes after its data\`);
    if (fnv1a(bytes, expected - 4) !== view.getUint32(expected - 4, true)) {
      throw weightsError("the file is corrupt (checksum mismatch)");
    }
    if (dtype !== ${dtypeCode}) {
      throw weightsError(\`the file holds \${dtype === 2 ? "f64" : dtype === 1 ? "f32" : "unknown"} weights, this model is ${typedArray === "Float64Array" ? "f64" : "f32"}\`);
    }
    const signature = asciiText(bytes, 16, signatureLength);
    if (view.getUint32(8, true) !== ${fnv1a(signature)} || signature !== ${stringLiteral(signature)}) {
      throw weightsError(\`it was saved for another layout: \${layoutDifference(signature, ${stringLiteral(signature)})}\`);
    }
    const withState = stateCount > 0 && options.optimizerState !== false;
    if (withState && (optimizer !== ${stringLiteral(optimizer)} || stateCount !== ${state.length})) {
      throw weightsError(\`the file holds \${optimizer} state, this model uses ${optimizer}; load it with { optimizerState: false }\`);
    }
    const buffers = withState ? [${buffers.join(", ")}] : [this.params];
    for (const buffer of buffers) {
      for (let i = 0; i < ${n}; i++, at += ${size}) buffer[i] = view.${get}(at, true);
    }
    if (withState) this.stepCount = stepCount;
  }

  /** Every parameter by name: \`{ "dense1.kernel": { shape: [784, 128], data: [...] }, ... }\`. */
  toJSON(): Record<string, { shape: number[]; data: number[] }> {
    const out: Record<string, { shape: number[]; data: number[] }> = {};
    for (const p of paramEntries()) {
      out[p.name] = { shape: [...p.shape], data: Array.from(this.params.subarray(p.offset, p.offset + p.length)) };
    }
    return out;
  }

  /**
   * Sets parameters by name, e.g. from toJSON() or from Keras / TensorFlow.js weights named
   * "dense1/kernel" or "dense1/kernel:0" (kernels [in, units], as here). Every parameter must be
   * given, with its shape if one is stated; nothing is changed unless all of them fit.
   */
  loadWeights(weights: Record<string, ArrayLike<number> | { shape?: readonly number[]; data: ArrayLike<number> }>): void {
    const byName = new Map<string, { shape?: readonly number[]; data: ArrayLike<number> }>();
    for (const key of Object.keys(weights)) {
      const value = weights[key];
      const name = key.replace(/:0$/, "").replace(/\\//g, ".");
      const isArray = typeof (value as ArrayLike<number>).length === "number";
      const entry = isArray ? { data: value as ArrayLike<number> } : (value as { shape?: readonly number[]; data: ArrayLike<number> });
      if (!entry.data || typeof entry.data.length !== "number") throw weightsError(\`parameter \${JSON.stringify(key)} has no data array\`);
      byName.set(name, entry);
    }
    const entries = paramEntries();
    const known = new Set<string>(entries.map((p) => p.name));
    const unknown = [...byName.keys()].filter((k) => !known.has(k));
    if (unknown.length > 0) throw weightsError(\`unknown parameter \${JSON.stringify(unknown[0])} (the model has \${[...known].join(", ")})\`);
    for (const p of entries) {
      const w = byName.get(p.name);
      if (!w) throw weightsError(\`parameter \${JSON.stringify(p.name)} is missing\`);
      if (w.shape && JSON.stringify([...w.shape]) !== JSON.stringify(p.shape)) {
        throw weightsError(\`parameter \${JSON.stringify(p.name)} has shape \${JSON.stringify(w.shape)}, the model expects \${JSON.stringify(p.shape)}\`);
      }
      if (w.data.length !== p.length) {
        throw weightsError(\`parameter \${JSON.stringify(p.name)} has \${w.data.length} values, the model expects \${p.length}\`);
      }
    }
    for (const p of entries) {
      const data = byName.get(p.name)!.data;
      for (let i = 0; i < p.length; i++) this.params[p.offset + i] = data[i];
    }
  }`;
}
