// The names example's data (examples/data/names.ts): cleaning, vocabulary, split, causal context
// windows and the bigram baseline, on hand-made lists with hand-computed answers and on the real
// @stdlib lists with pinned counts.
import { describe, expect, it } from "vitest";
import { seededRandom } from "tapeless/data";
import {
  BigramModel,
  cleanNames,
  contextWindows,
  decode,
  encode,
  loadNames,
  rawNames,
  splitNames,
  VOCAB,
  VOCAB_SIZE,
} from "../../examples/data/names.ts";

describe("cleanNames", () => {
  it.each([
    { raw: ["Emma", "emma", "EMMA", "Bo"], names: ["bo", "emma"], dropped: [], duplicates: 2 },
    { raw: ["Ann-Marie", "Zoë", " Al", "O'Neil", "", "Al"], names: ["al"], dropped: ["Ann-Marie", "Zoë", " Al", "O'Neil", ""], duplicates: 0 },
    { raw: ["Zed", "Abe", "abe"], names: ["abe", "zed"], dropped: [], duplicates: 1 },
  ])("$raw → $names", ({ raw, names, dropped, duplicates }) => {
    expect(cleanNames(raw)).toEqual({ names, dropped, duplicates });
  });

  it("the real lists (0.2.3): 8,849 raw names, 19 hyphenated dropped, 427 repeats, 8,403 kept", () => {
    const raw = rawNames();
    const { names, dropped, duplicates } = cleanNames(raw);
    expect(raw.length).toBe(4951 + 3898);
    expect(dropped.length).toBe(19);
    for (const name of dropped) expect(name).toMatch(/^[A-Z][a-z]*(-[A-Z][a-z]*)+$/);
    expect(duplicates).toBe(427);
    expect(names.length).toBe(8403);
    expect(names.length + dropped.length + duplicates).toBe(raw.length);
    expect(loadNames()).toEqual(names);
    expect([...names].sort()).toEqual(names);
    expect(new Set(names).size).toBe(names.length);
    const lengths = names.map((n) => n.length);
    expect([Math.min(...lengths), Math.max(...lengths)]).toEqual([2, 13]);
    for (const name of ["emma", "aaron", "abbe", "zora"]) expect(names).toContain(name);
  });
});

describe("vocabulary", () => {
  it("27 tokens: the boundary . then a..z", () => {
    expect(VOCAB_SIZE).toBe(27);
    expect(VOCAB).toBe(".abcdefghijklmnopqrstuvwxyz");
  });

  it.each([
    { text: "", tokens: [] },
    { text: "emma", tokens: [5, 13, 13, 1] },
    { text: ".emma.", tokens: [0, 5, 13, 13, 1, 0] },
    { text: "az.", tokens: [1, 26, 0] },
    { text: VOCAB, tokens: Array.from({ length: 27 }, (_, i) => i) },
  ])("encode($text) = $tokens and back", ({ text, tokens }) => {
    const encoded = encode(text);
    expect(encoded).toBeInstanceOf(Int32Array);
    expect(Array.from(encoded)).toEqual(tokens);
    expect(decode(encoded)).toBe(text);
    expect(decode(tokens)).toBe(text);
  });

  it.each([
    { bad: () => encode("Emma"), message: /"E" in "Emma" is not in the vocabulary/ },
    { bad: () => encode("jo-ann"), message: /"-" in "jo-ann"/ },
    { bad: () => decode([27]), message: "decode: token 27 is not in [0, 27)" },
    { bad: () => decode([-1]), message: "decode: token -1 is not in [0, 27)" },
    { bad: () => decode([1.5]), message: "decode: token 1.5 is not in [0, 27)" },
  ])("rejects $message", ({ bad, message }) => {
    expect(bad).toThrow(message);
  });
});

describe("splitNames", () => {
  const ten = Array.from("abcdefghij", (c) => c.repeat(2));

  it.each([
    { n: 10, fraction: 0.3, heldOut: 3, train: 7 },
    { n: 10, fraction: 0.25, heldOut: 3, train: 7 }, // round(2.5) = 3
    { n: 10, fraction: 0, heldOut: 0, train: 10 },
    { n: 10, fraction: 1, heldOut: 10, train: 0 },
    { n: 8403, fraction: 0.1, heldOut: 840, train: 7563 },
  ])("$n names, fraction $fraction: $heldOut held out, $train train, no overlap", ({ n, fraction, heldOut, train }) => {
    const names = n === 10 ? ten : loadNames();
    expect(names.length).toBe(n);
    const split = splitNames(names, fraction, 1);
    expect(split.heldOut.length).toBe(heldOut);
    expect(split.train.length).toBe(train);
    const held = new Set(split.heldOut);
    expect(split.train.filter((name) => held.has(name))).toEqual([]);
    expect([...split.train, ...split.heldOut].sort()).toEqual([...names].sort());
  });

  it("is the same for the same seed, different for another", () => {
    const a = splitNames(ten, 0.3, 7);
    expect(splitNames(ten, 0.3, 7)).toEqual(a);
    expect(splitNames(ten, 0.3, 8)).not.toEqual(a);
    // a shuffle, not the input order
    expect(splitNames(ten, 0.3, 7).heldOut).not.toEqual(ten.slice(0, 3));
  });

  it.each([
    { names: ["al", "bo", "al"], fraction: 0.5, message: "splitNames: names must be distinct" },
    { names: ["al", "bo"], fraction: 1.5, message: "splitNames: heldOutFraction 1.5 is not in [0, 1]" },
    { names: ["al", "bo"], fraction: -0.1, message: "splitNames: heldOutFraction -0.1 is not in [0, 1]" },
    { names: ["al", "bo"], fraction: NaN, message: "splitNames: heldOutFraction NaN is not in [0, 1]" },
  ])("rejects $message", ({ names, fraction, message }) => {
    expect(() => splitNames(names, fraction, 1)).toThrow(message);
  });
});

describe("contextWindows", () => {
  // .emma. = [0, 5, 13, 13, 1, 0] and .al. = [0, 1, 12, 0]: inputs drop the last token, targets
  // the first; "emma" makes 5 predictions, "al" 3.
  it.each([
    {
      T: 6, // one window per name, padded (token 0, mask 0)
      inputs: [[0, 5, 13, 13, 1, 0], [0, 1, 12, 0, 0, 0]],
      targets: [[5, 13, 13, 1, 0, 0], [1, 12, 0, 0, 0, 0]],
      mask: [[1, 1, 1, 1, 1, 0], [1, 1, 1, 0, 0, 0]],
    },
    {
      T: 5, // exactly full: no padding in the first row
      inputs: [[0, 5, 13, 13, 1], [0, 1, 12, 0, 0]],
      targets: [[5, 13, 13, 1, 0], [1, 12, 0, 0, 0]],
      mask: [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]],
    },
    {
      T: 3, // "emma" continues in a second window; "al" fills one exactly
      inputs: [[0, 5, 13], [13, 1, 0], [0, 1, 12]],
      targets: [[5, 13, 13], [1, 0, 0], [1, 12, 0]],
      mask: [[1, 1, 1], [1, 1, 0], [1, 1, 1]],
    },
    {
      T: 1,
      inputs: [[0], [5], [13], [13], [1], [0], [1], [12]],
      targets: [[5], [13], [13], [1], [0], [1], [12], [0]],
      mask: [[1], [1], [1], [1], [1], [1], [1], [1]],
    },
  ])("emma, al with T = $T", ({ T, inputs, targets, mask }) => {
    const w = contextWindows(["emma", "al"], T);
    expect(w.T).toBe(T);
    expect(w.count).toBe(inputs.length);
    expect(w.predictions).toBe(8);
    expect(w.inputs).toBeInstanceOf(Int32Array);
    expect(w.targets).toBeInstanceOf(Int32Array);
    expect(w.mask).toBeInstanceOf(Float32Array);
    expect(Array.from(w.inputs)).toEqual(inputs.flat());
    expect(Array.from(w.targets)).toEqual(targets.flat());
    expect(Array.from(w.mask)).toEqual(mask.flat());
  });

  it("no names: no rows", () => {
    expect(contextWindows([], 4)).toEqual({ inputs: new Int32Array(0), targets: new Int32Array(0), mask: new Float32Array(0), count: 0, T: 4, predictions: 0 });
  });

  it.each([0, -1, 2.5])("rejects T = %s", (T) => {
    expect(() => contextWindows(["al"], T)).toThrow(`contextWindows: T ${T} is not a positive integer`);
  });

  it("the real names fit one window each at T = 16, predictions = letters + ends", () => {
    const names = loadNames();
    const w = contextWindows(names, 16);
    expect(w.count).toBe(names.length);
    const letters = names.reduce((n, name) => n + name.length, 0);
    expect(w.predictions).toBe(letters + names.length);
    expect(w.mask.reduce((s, m) => s + m, 0)).toBe(w.predictions);
    // every row starts at the boundary and its last real target is the end boundary
    for (let r = 0; r < w.count; r++) {
      expect(w.inputs[r * 16]).toBe(0);
      const real = names[r].length + 1;
      expect(w.targets[r * 16 + real - 1]).toBe(0);
      expect(w.mask[r * 16 + real - 1]).toBe(1);
      if (real < 16) expect(w.mask[r * 16 + real]).toBe(0);
    }
  });
});

describe("BigramModel", () => {
  // Train on "ab", "b": bigrams .a ab b. .b b. — row . has 2 (a 1, b 1), row a has 1 (b 1), row b
  // has 2 (. 2); p(next | prev) = (count + k) / (row + 27k).
  it.each([
    {
      k: 1,
      heldOut: ["a", "ba"],
      // .a.  : p(a|.) = 2/29, p(.|a) = 1/28
      // .ba. : p(b|.) = 2/29, p(a|b) = 1/29, p(.|a) = 1/28
      // nll = (2 ln 14.5 + 2 ln 28 + ln 29) / 5 = (5.348298 + 6.664409 + 3.367296) / 5 = 3.076000
      nll: 3.076,
    },
    {
      k: 0.5,
      heldOut: ["ab"],
      // .ab. : p(a|.) = 1.5/15.5, p(b|a) = 1.5/14.5, p(.|b) = 2.5/15.5
      // nll = (ln(15.5/1.5) + ln(14.5/1.5) + ln(15.5/2.5)) / 3 = (2.335375 + 2.268684 + 1.824549) / 3 = 2.142869
      nll: 2.142869,
    },
    {
      k: 1,
      heldOut: ["b"],
      // .b. : p(b|.) = 2/29, p(.|b) = 3/29; nll = (ln 14.5 + ln(29/3)) / 2 = (2.674149 + 2.268684) / 2 = 2.471417
      nll: 2.471417,
    },
  ])("k = $k, held out $heldOut: $nll nats/char", ({ k, heldOut, nll }) => {
    const model = new BigramModel(["ab", "b"], k);
    expect(model.k).toBe(k);
    expect(model.nll(heldOut)).toBeCloseTo(nll, 5);
  });

  it("counts and rows that sum to 1", () => {
    const model = new BigramModel(["ab", "b"]);
    const nonzero: Record<string, number> = {};
    model.counts.forEach((c, i) => {
      if (c !== 0) nonzero[VOCAB[Math.floor(i / 27)] + VOCAB[i % 27]] = c;
    });
    expect(nonzero).toEqual({ ".a": 1, ".b": 1, ab: 1, "b.": 2 });
    for (let a = 0; a < 27; a++) {
      let sum = 0;
      for (let b = 0; b < 27; b++) sum += model.probability(a, b);
      expect(sum).toBeCloseTo(1, 12);
    }
    // an unseen row is uniform
    expect(model.probability(26, 3)).toBeCloseTo(1 / 27, 12);
  });

  it.each([
    { bad: () => new BigramModel(["al"], 0), message: "BigramModel: k 0 must be positive" },
    { bad: () => new BigramModel(["Al"]), message: /"A" in ".Al."/ },
    { bad: () => new BigramModel(["al"]).nll([]), message: "BigramModel.nll: no names" },
  ])("rejects $message", ({ bad, message }) => {
    expect(bad).toThrow(message);
  });

  it("on the real names (seed 1, 10% held out, k = 1): 2.4364 nats/char held out, below uniform ln 27", () => {
    const { train, heldOut } = splitNames(loadNames(), 0.1, 1);
    const model = new BigramModel(train);
    const nll = model.nll(heldOut);
    expect(Number.isFinite(nll)).toBe(true);
    expect(nll).toBeGreaterThan(1.5);
    expect(nll).toBeLessThan(3.3);
    expect(nll).toBeLessThan(Math.log(27));
    expect(nll).toBeCloseTo(2.43641, 4);
  });

  it.each([
    // Trained on "ab", "b" (k = 1), inverse CDF over tokens . a b ... z:
    // u = 0 picks . at once: the empty name. u just below 1 picks z every time, up to maxLength.
    { us: [0], maxLength: 32, name: "" },
    { us: [1 - 1e-12], maxLength: 5, name: "zzzzz" },
    // row .: p(.) = 1/29 = 0.0345, p(a) = 2/29, so 0.05 → a; row a: p(.) = p(a) = 1/28, p(b) = 2/28,
    // then 1/28 each: cumulative c 0.179, d 0.214, e 0.25, f 0.286, g 0.321, so 0.3 → g;
    // row g (unseen): uniform, 0.02 < 1/27 → end.
    { us: [0.05, 0.3, 0.02], maxLength: 32, name: "ag" },
    { us: [0.05], maxLength: 4, name: "aaaa" }, // row a: 0.05 is past . (0.0357), within a (0.0714)
    // No training names: every row uniform. u = 1/27 is exactly where . ends and a begins: a.
    { train: [], us: [1 / 27, 0], maxLength: 32, name: "a" },
  ])("sample with u = $us, maxLength $maxLength: $name", ({ train = ["ab", "b"], us, maxLength, name }) => {
    let i = 0;
    expect(new BigramModel(train).sample(() => us[i++ % us.length], maxLength)).toBe(name);
  });

  it("samples from the real names are a–z and end; seeded, so repeatable", () => {
    const model = new BigramModel(splitNames(loadNames(), 0.1, 1).train);
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 200 }, () => model.sample(random, 32));
    };
    const names = draw(1);
    for (const name of names) {
      expect(name).toMatch(/^[a-z]*$/);
      expect(name.length).toBeLessThan(32);
    }
    expect(draw(1)).toEqual(names);
    expect(draw(2)).not.toEqual(names);
    expect(new Set(names).size).toBeGreaterThan(150);
    const meanLength = names.reduce((n, s) => n + s.length, 0) / names.length;
    expect(meanLength).toBeGreaterThan(3);
    expect(meanLength).toBeLessThan(12);
  });
});
