// Helpers for the weights tests: a model with its save/load API typed, a few training steps, and
// a weights file rebuilt with chosen header fields (and a recomputed checksum, as an attacker would).
import type { LoadedModule } from "./load-module.ts";

export type WeightsModel = InstanceType<LoadedModule["Model"]> & {
  save(options?: { optimizerState?: boolean }): Uint8Array;
  load(bytes: Uint8Array, options?: { optimizerState?: boolean }): void;
  toJSON(): Record<string, { shape: number[]; data: number[] }>;
  loadWeights(weights: unknown): void;
  stepCount: number;
};

/** A fresh model of `module` after `steps` training steps on fixed data. */
export function trained(module: LoadedModule, steps = 5): WeightsModel {
  const Typed = module.layout.dtype === "f64" ? Float64Array : Float32Array;
  const size = (shape: readonly number[]) => shape.reduce((a, d) => a * d, module.layout.maxBatch);
  const data = (shape: readonly number[], phase: number) => {
    const a = new Typed(size(shape));
    for (let i = 0; i < a.length; i++) a[i] = Math.cos(i + phase);
    return a;
  };
  const args = [...module.layout.inputs.map((v) => data(v.shape, 0)), ...module.layout.targets.map((v) => data(v.shape, 1))];
  const model = new module.Model() as WeightsModel;
  for (let i = 0; i < steps; i++) model.trainStep(...args);
  return model;
}

/** The header fields of a weights file (see compiler/backends/js/emit/weights.ts for the format). */
export interface WeightsHeader {
  version: number;
  dtype: number;
  flags: number;
  hash: number;
  signature: string;
  paramCount: number;
  stepCount: number;
  optimizer: string;
  stateCount: number;
}

function fnv1a(bytes: Uint8Array, end: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h;
}

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);

export function readHeader(bytes: Uint8Array): { header: WeightsHeader; data: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signatureLength = view.getUint32(12, true);
  const at = 16 + signatureLength;
  const optimizerLength = view.getUint32(at + 12, true);
  const header = {
    version: view.getUint16(4, true),
    dtype: view.getUint8(6),
    flags: view.getUint8(7),
    hash: view.getUint32(8, true),
    signature: latin1(bytes.subarray(16, at)),
    paramCount: view.getUint32(at, true),
    stepCount: view.getFloat64(at + 4, true),
    optimizer: latin1(bytes.subarray(at + 16, at + 16 + optimizerLength)),
    stateCount: view.getUint32(at + 16 + optimizerLength, true),
  };
  return { header, data: bytes.subarray(at + 20 + optimizerLength, bytes.length - 4) };
}

/**
 * `bytes` with some header fields replaced, the data cut or zero-padded to the length the new
 * header implies (so only the header is wrong), and a valid checksum.
 */
export function craft(bytes: Uint8Array, changes: Partial<WeightsHeader>): Uint8Array {
  const { header: old, data } = readHeader(bytes);
  const h = { ...old, ...changes };
  const elementSize = h.dtype === 2 ? 8 : 4;
  const dataLength = (1 + h.stateCount) * h.paramCount * elementSize;
  const at = 16 + h.signature.length;
  const dataStart = at + 20 + h.optimizer.length;
  const out = new Uint8Array(dataStart + dataLength + 4);
  const view = new DataView(out.buffer);
  out.set([0x54, 0x50, 0x4c, 0x57], 0); // "TPLW"
  view.setUint16(4, h.version, true);
  view.setUint8(6, h.dtype);
  view.setUint8(7, h.flags);
  view.setUint32(8, h.hash, true);
  view.setUint32(12, h.signature.length, true);
  for (let i = 0; i < h.signature.length; i++) out[16 + i] = h.signature.charCodeAt(i);
  view.setUint32(at, h.paramCount, true);
  view.setFloat64(at + 4, h.stepCount, true);
  view.setUint32(at + 12, h.optimizer.length, true);
  for (let i = 0; i < h.optimizer.length; i++) out[at + 16 + i] = h.optimizer.charCodeAt(i);
  view.setUint32(at + 16 + h.optimizer.length, h.stateCount, true);
  out.set(data.subarray(0, dataLength), dataStart);
  view.setUint32(out.length - 4, fnv1a(out, out.length - 4), true);
  return out;
}
