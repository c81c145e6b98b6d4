// Kernels of the fused losses and their gradients: one pass over the elements (softmax_xent: per row,
// through log-sum-exp), the mean taken over every element (softmax_xent: over rows).
import { divisor, rowsAndCols, type KernelContext } from "../rule.ts";

export function mseCode({ out, ins: [p, t], inShapes, size }: KernelContext): string {
  return `let sum = 0;
for (let i = 0; i < ${size(inShapes[0])}; i++) {
  const d = ${p}[i]! - ${t}[i]!;
  sum += d * d;
}
${out}[0] = sum / ${divisor(size(inShapes[0]))};`;
}

export function mseGradCode({ out, ins: [p, t], outShape, size }: KernelContext): string {
  return `const scale = 2 / ${divisor(size(outShape))};
for (let i = 0; i < ${size(outShape)}; i++) ${out}[i] = scale * (${p}[i]! - ${t}[i]!);`;
}

export function maeCode({ out, ins: [p, t], inShapes, size }: KernelContext): string {
  return `let sum = 0;
for (let i = 0; i < ${size(inShapes[0])}; i++) sum += Math.abs(${p}[i]! - ${t}[i]!);
${out}[0] = sum / ${divisor(size(inShapes[0]))};`;
}

export function maeGradCode({ out, ins: [p, t], outShape, size }: KernelContext): string {
  return `const inv = 1 / ${divisor(size(outShape))};
for (let i = 0; i < ${size(outShape)}; i++) ${out}[i] = Math.sign(${p}[i]! - ${t}[i]!) * inv;`;
}

export function huberCode({ out, ins: [p, t], inShapes, size, attrs }: KernelContext): string {
  return `const delta = ${attrs.delta};
let sum = 0;
for (let i = 0; i < ${size(inShapes[0])}; i++) {
  const a = Math.abs(${p}[i]! - ${t}[i]!);
  const q = Math.min(a, delta);
  sum += 0.5 * q * q + delta * (a - q);
}
${out}[0] = sum / ${divisor(size(inShapes[0]))};`;
}

export function huberGradCode({ out, ins: [p, t], outShape, size, attrs }: KernelContext): string {
  return `const delta = ${attrs.delta};
const inv = 1 / ${divisor(size(outShape))};
for (let i = 0; i < ${size(outShape)}; i++) ${out}[i] = Math.max(-delta, Math.min(delta, ${p}[i]! - ${t}[i]!)) * inv;`;
}

export function sigmoidXentCode({ out, ins: [z, y], inShapes, size }: KernelContext): string {
  return `let sum = 0;
for (let i = 0; i < ${size(inShapes[0])}; i++) {
  const v = ${z}[i]!;
  sum += (v > 0 ? v : 0) - v * ${y}[i]! + Math.log1p(Math.exp(-Math.abs(v)));
}
${out}[0] = sum / ${divisor(size(inShapes[0]))};`;
}

export function sigmoidXentGradCode({ out, ins: [s, y], outShape, size }: KernelContext): string {
  return `const inv = 1 / ${divisor(size(outShape))};
for (let i = 0; i < ${size(outShape)}; i++) ${out}[i] = (${s}[i]! - ${y}[i]!) * inv;`;
}

export function softmaxXentCode(k: KernelContext): string {
  const [rows, cols] = rowsAndCols(k, k.inShapes[0]);
  const [z, y] = k.ins;
  return `let total = 0;
for (let r = 0; r < ${rows}; r++) {
  const o = r * ${cols};
  let max = ${z}[o]!;
  for (let j = 1; j < ${cols}; j++) if (${z}[o + j]! > max) max = ${z}[o + j]!;
  let sumExp = 0;
  let sumY = 0;
  let sumYZ = 0;
  for (let j = 0; j < ${cols}; j++) {
    sumExp += Math.exp(${z}[o + j]! - max);
    sumY += ${y}[o + j]!;
    sumYZ += ${y}[o + j]! * ${z}[o + j]!;
  }
  total += (max + Math.log(sumExp)) * sumY - sumYZ;
}
${k.out}[0] = total / ${divisor(rows)};`;
}

export function softmaxXentGradCode(k: KernelContext): string {
  const [rows, cols] = rowsAndCols(k, k.outShape);
  const [p, y] = k.ins;
  return `const inv = 1 / ${divisor(rows)};
for (let r = 0; r < ${rows}; r++) {
  const o = r * ${cols};
  let sumY = 0;
  for (let j = 0; j < ${cols}; j++) sumY += ${y}[o + j]!;
  for (let j = 0; j < ${cols}; j++) ${k.out}[o + j] = (${p}[o + j]! * sumY - ${y}[o + j]!) * inv;
}`;
}
