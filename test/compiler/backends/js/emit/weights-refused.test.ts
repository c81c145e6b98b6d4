// A refused load() changes nothing: parameters, optimizer moments and stepCount stay as they were
// (compared through save({ optimizerState: true }), which holds all three), whichever check fails,
// including the last ones (length, trailing bytes) that run after everything else was read.
import { beforeAll, describe, expect, it } from "vitest";
import { compileAndLoad } from "../../../../support/compile-example.ts";
import type { LoadedModule } from "../../../../support/load-module.ts";

const spec = {
  name: "refused",
  maxBatch: 4,
  inputs: { x: [3] },
  targets: { y: [2] },
  layers: [{ type: "dense", units: 4, activation: "tanh" }, { type: "dense", units: 2 }],
  loss: { type: "mse" },
  optimizer: { type: "adam" },
};

type Model = InstanceType<LoadedModule["Model"]> & {
  save(options?: { optimizerState?: boolean }): Uint8Array;
  load(bytes: Uint8Array, options?: { optimizerState?: boolean }): void;
  stepCount: number;
};

let adam: LoadedModule;
beforeAll(async () => {
  adam = (await compileAndLoad(spec)).module;
});

function trained(module: LoadedModule, steps: number, seed: number): Model {
  const model = new module.Model({ seed }) as Model;
  const x = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i + seed));
  const y = Float32Array.from({ length: 8 }, (_, i) => Math.cos(i * seed));
  for (let i = 0; i < steps; i++) model.trainStep(x, y);
  return model;
}

const withExtraByte = (b: Uint8Array) => Uint8Array.from([...b, 0]);

describe("a refused load() leaves parameters, moments and stepCount unchanged", () => {
  const files: [string, () => Uint8Array][] = [
    ["a trailing byte after the optimizer state", () => withExtraByte(trained(adam, 5, 1).save({ optimizerState: true }))],
    ["a file cut inside the optimizer state", () => trained(adam, 5, 1).save({ optimizerState: true }).slice(0, -4)],
    ["a file that is not a weights file", () => new Uint8Array(64).fill(7)],
  ];
  it.each(files)("%s", (_name, file) => {
    const target = trained(adam, 2, 3);
    expect(target.stepCount).toBe(2);
    const before = target.save({ optimizerState: true });
    expect(() => target.load(file())).toThrow();
    expect(target.stepCount).toBe(2);
    expect(Array.from(target.save({ optimizerState: true }))).toEqual(Array.from(before));
  });
});
