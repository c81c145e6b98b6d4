// tapeless/data: seeded shuffles, preallocated batches, metrics, and a progress bar that keeps
// quiet off a terminal.
import { describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { Batches, argmax, countCorrect, epochProgress, oneHot, seededRandom, shuffleInPlace } from "tapeless/data";

describe("seeded shuffling", () => {
  it("is a permutation, the same for the same seed", () => {
    const a = shuffleInPlace(Uint32Array.from({ length: 100 }, (_, i) => i), seededRandom(5));
    const b = shuffleInPlace(Uint32Array.from({ length: 100 }, (_, i) => i), seededRandom(5));
    const c = shuffleInPlace(Uint32Array.from({ length: 100 }, (_, i) => i), seededRandom(6));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe("Batches", () => {
  const inputs = Float32Array.from({ length: 10 * 3 }, (_, i) => i);
  const targets = Float32Array.from({ length: 10 }, (_, i) => 100 + i);
  const data = { inputs, targets, inputSize: 3, targetSize: 1 };

  it("copies rows in epoch order into the same buffers, last batch partial", () => {
    const batches = new Batches(data, 4);
    expect(batches.count).toBe(3);
    const buffer = batches.inputs;
    expect(batches.fill(0)).toBe(4);
    expect(Array.from(batches.inputs)).toEqual(Array.from(inputs.subarray(0, 12)));
    expect(batches.fill(2)).toBe(2);
    expect(Array.from(batches.targets.subarray(0, 2))).toEqual([108, 109]);
    batches.shuffle(seededRandom(1));
    const seen: number[] = [];
    for (let b = 0; b < batches.count; b++) {
      const rows = batches.fill(b);
      for (let r = 0; r < rows; r++) {
        seen.push(batches.targets[r]);
        expect(batches.inputs[r * 3]).toBe((batches.targets[r] - 100) * 3);
      }
    }
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from(targets));
    expect(batches.inputs).toBe(buffer);
  });

  it("rejects data that does not make whole rows", () => {
    expect(() => new Batches({ ...data, targets: new Float32Array(9) }, 4)).toThrow(/do not make whole rows of 3 and 1/);
  });
});

describe("metrics", () => {
  it("argmax, countCorrect, oneHot", () => {
    expect(argmax([0.1, 0.7, 0.2])).toBe(1);
    expect(argmax([5, 1, 9, 9], 1, 3)).toBe(1);
    const out = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4]);
    const targets = oneHot([0, 1, 1], 2, Float32Array);
    expect(Array.from(targets)).toEqual([1, 0, 0, 1, 0, 1]);
    expect(countCorrect(out, targets, 3, 2)).toBe(2);
    expect(() => oneHot([0, 2], 2, Float32Array)).toThrow("label 1: expected an integer in [0, 2), got 2");
  });
});

describe("epochProgress", () => {
  function sink(isTTY: boolean) {
    let text = "";
    const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } }) as Writable & { isTTY: boolean; columns: number; cursorTo(): boolean; clearLine(): boolean; moveCursor(): boolean };
    Object.assign(stream, { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
  }

  it("prints nothing off a terminal", () => {
    const out = sink(false);
    const bar = epochProgress({ label: "epoch 1", total: 10, stream: out.stream });
    bar.update(5, { loss: 0.5, accuracy: 0.9, samplesPerSecond: 1000 });
    bar.stop();
    expect(out.text()).toBe("");
  });

  it("shows loss, accuracy and samples/s on a terminal", () => {
    const out = sink(true);
    const bar = epochProgress({ label: "epoch 1", total: 10, stream: out.stream });
    bar.update(5, { loss: 0.5, accuracy: 0.9, samplesPerSecond: 12345 });
    bar.stop();
    expect(out.text()).toMatch(/epoch 1 .* 50% \| loss 0\.5000 \| accuracy 90\.0% \| 12,345 samples\/s/);
  });
});
