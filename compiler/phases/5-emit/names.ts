// Turns spec and IR names into safe, unique JavaScript identifiers, and spec text into safe
// comments and string literals. No name from a spec reaches the output any other way.

import { EMIT_LOCALS } from "./locals.ts";

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await async of get set any number " +
    "string boolean symbol never unknown object undefined NaN Infinity arguments eval Math Number Error RangeError " +
    "TypeError Float32Array Float64Array Uint32Array Array Object String constructor prototype __proto__ " +
    // members of the generated class and module-level names
    "params grads arena lr layout Model options seed batch lossBatch step forward loss backward output " +
    "trainStep checkBatch checkInput computeForward computeLoss computeGradients seededUniform gelu geluSlope siluSlope " +
    "seededRandom portableLog seededTruncatedNormal stepCount save load toJSON loadWeights firstMoment secondMoment " +
    "velocity meanSquare moment fnv1a layoutSignature weightsError layoutDifference asciiBytes asciiText paramEntries " +
    "DataView Uint8Array JSON predict predictRows skippedSteps accumulator inputError " +
    // locals used inside emitted kernels
    "i j p r o c a s e d v t inv sum max scale total sumExp sumY sumYZ aRow bRow x0 x1 x2 state " +
    // locals of step() (skipNonFinite, adagrad), predict() and the huber / mae loops
    "nonFinite acc rows out result start count stage delta q"
  )
    .split(" ")
    .concat(EMIT_LOCALS),
);

/** Allocates identifiers: sanitized from a hint, never reserved, never reused. */
export class NameTable {
  private readonly used = new Set(RESERVED);

  claim(hint: string, prefix = ""): string {
    let base = prefix + hint.replace(/[^A-Za-z0-9_$]+/g, "_").replace(/^_+|_+$/g, "");
    if (base === "") base = "unnamed";
    else if (/^[0-9]/.test(base)) base = `t${base}`;
    let name = base;
    for (let k = 2; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }
}

/** Text safe inside a `//` comment: no line terminators. */
export function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ");
}

/** A string literal for any text (JSON escaping is valid JavaScript). */
export function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
