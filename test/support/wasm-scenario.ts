// A few training steps, a forward pass and a save()/load() round trip of a generated module, as one
// self-contained function: run in Node as is and in a browser page from its source text (toString).

/** The little of a generated module's exports the scenario uses. */
export interface ScenarioModule {
  layout: { dtype: "f32" | "f64"; outputs: readonly { shape: readonly number[] }[] };
  Model: new (options?: { seed?: number }) => ScenarioModel;
}

interface ScenarioModel {
  params: Float32Array | Float64Array;
  state: Float32Array | Float64Array;
  randomState?: number;
  trainStep(...args: (Float32Array | Float64Array | number)[]): number;
  forward(...args: (Float32Array | Float64Array | number)[]): Float32Array | Float64Array;
  save(options?: { optimizerState?: boolean }): Uint8Array;
  load(bytes: Uint8Array, options?: { optimizerState?: boolean }): void;
}

/** Fixed data: every input, then every target, row-major [batch, ...shape]. */
export interface ScenarioInput {
  seed: number;
  batch: number;
  steps: number;
  inputs: number[][];
  targets: number[][];
}

/** Hashes are FNV-1a of the arrays' bytes: equal hashes, bitwise-equal arrays. */
export interface ScenarioResult {
  initialParams: string;
  losses: number[];
  output: number[];
  params: string;
  paramsSum: number;
  state: string;
  randomState: number | null;
  saved: string;
  savedBytes: number;
  /** A model of another seed, before load(): its parameters must differ. */
  otherParams: string;
  loadedParams: string;
  loadedState: string;
  loadedOutput: number[];
  /** One more trainStep of the original and of the loaded copy (optimizer state and randomState carried over). */
  nextLoss: number;
  loadedNextLoss: number;
}

/** Must reference nothing outside itself: the page runs its source text. */
export function wasmScenario(module: ScenarioModule, input: ScenarioInput): ScenarioResult {
  const hash = (a: ArrayBufferView): string => {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    let h = 0x811c9dc5;
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    return (h >>> 0).toString(16).padStart(8, "0") + `/${bytes.length}`;
  };
  const Floats = module.layout.dtype === "f64" ? Float64Array : Float32Array;
  const args = [...input.inputs, ...input.targets].map((a) => Floats.from(a));
  const inputs = args.slice(0, input.inputs.length);
  const outputSize = module.layout.outputs[0]!.shape.reduce((a, d) => a * d, 1) * input.batch;

  const model = new module.Model({ seed: input.seed });
  const initialParams = hash(model.params);
  const losses: number[] = [];
  for (let s = 0; s < input.steps; s++) losses.push(model.trainStep(...args, input.batch));
  const output = Array.from(model.forward(...inputs, input.batch).subarray(0, outputSize));
  const bytes = model.save({ optimizerState: true });
  let paramsSum = 0;
  for (const v of model.params) paramsSum += v;

  const copy = new module.Model({ seed: input.seed + 1 });
  const otherParams = hash(copy.params);
  copy.load(bytes, { optimizerState: true });
  if (model.randomState !== undefined) copy.randomState = model.randomState; // not in the file
  const loadedOutput = Array.from(copy.forward(...inputs, input.batch).subarray(0, outputSize));
  const result = {
    initialParams,
    losses,
    output,
    params: hash(model.params),
    paramsSum,
    state: hash(model.state),
    randomState: model.randomState ?? null,
    saved: hash(bytes),
    savedBytes: bytes.length,
    otherParams,
    loadedParams: hash(copy.params),
    loadedState: hash(copy.state),
    loadedOutput,
  };
  return { ...result, nextLoss: model.trainStep(...args, input.batch), loadedNextLoss: copy.trainStep(...args, input.batch) };
}
