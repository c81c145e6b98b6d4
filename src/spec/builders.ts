// TypeScript builders for specs: each returns the same plain data a user would write in JSON
// (no classes, no undefined-valued keys), so builder output and JSON validate identically.
import type {
  ActivationLayerSpec,
  ActivationName,
  ActivationNodeSpec,
  AddNodeSpec,
  DenseLayerSpec,
  DenseNodeSpec,
  GraphSpec,
  InitializerName,
  LossName,
  LossSpec,
  NodeSpec,
  AdamSpec,
  AdamWSpec,
  AdagradSpec,
  RmspropSpec,
  SequentialSpec,
  SgdSpec,
} from "./types.ts";
import { SpecError } from "../../compiler/errors.ts";
import { quote } from "./issues.ts";

/** Drops keys whose value is undefined (so `toStrictEqual` and JSON.stringify match hand-written data). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The options object of a builder call, every key kept: a misspelt one (`activaton`) reaches the
 * validator, which rejects it with its path and the likely key, exactly as in a JSON spec.
 */
function optionsOf(builder: string, options: unknown): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new SpecError("", `${builder}(): options must be an object such as { name: "h1" }, got ${quote(options)}`);
  }
  return options as Record<string, unknown>;
}

// ---- Whole specs ------------------------------------------------------------------------------

export function sequential(spec: SequentialSpec): SequentialSpec {
  return spec;
}

/** A graph spec; `output` must be one of the node names (checked by the type system too). */
export function graph<const N extends Record<string, NodeSpec>>(
  spec: Omit<GraphSpec, "nodes" | "output"> & { nodes: N; output: keyof N & string },
): GraphSpec {
  return spec;
}

// ---- Layers and nodes -------------------------------------------------------------------------

export interface DenseOptions {
  activation?: ActivationName;
  /** Only for leakyRelu / elu. */
  alpha?: number;
  useBias?: boolean;
  kernelInitializer?: InitializerName;
  biasInitializer?: InitializerName;
}

/** `dense(128, { activation: "relu" })` in a layer list; `dense(32, { input: "x" })` in a graph. */
export function dense(units: number, options: DenseOptions & { input: string }): DenseNodeSpec;
export function dense(units: number, options?: DenseOptions & { name?: string; input?: undefined }): DenseLayerSpec;
export function dense(
  units: number,
  options: DenseOptions & { name?: string; input?: string } = {},
): DenseLayerSpec | DenseNodeSpec {
  const { name, input, ...rest } = optionsOf("dense", options);
  return compact({ type: "dense" as const, name, input, units, ...rest }) as DenseLayerSpec;
}

/** `add("h1", "h2")`: elementwise sum (graph form only). */
export function add(...inputs: string[]): AddNodeSpec {
  return { type: "add", inputs };
}

type LayerOptions = { name?: string; input?: undefined };
type NodeOptions = { input: string };
type ActivationBuilder<T extends ActivationName> = {
  (options: NodeOptions): ActivationNodeSpec & { type: T };
  (options?: LayerOptions): ActivationLayerSpec & { type: T };
};
type AlphaActivationBuilder<T extends ActivationName> = {
  (alpha: number | undefined, options: NodeOptions): ActivationNodeSpec & { type: T };
  (alpha?: number, options?: LayerOptions): ActivationLayerSpec & { type: T };
};

function activation<T extends ActivationName>(type: T): ActivationBuilder<T> {
  return ((options?: unknown) => compact({ type, ...optionsOf(type, options) })) as ActivationBuilder<T>;
}

function alphaActivation<T extends ActivationName>(type: T): AlphaActivationBuilder<T> {
  return ((alpha?: number, options?: unknown) =>
    compact({ type, ...optionsOf(type, options), alpha })) as AlphaActivationBuilder<T>;
}

export const identity = activation("identity");
export const relu = activation("relu");
export const sigmoid = activation("sigmoid");
export const tanh = activation("tanh");
export const softplus = activation("softplus");
export const gelu = activation("gelu");
export const silu = activation("silu");
/** Another name for silu: x·σ(x). */
export const swish = activation("swish");
export const softmax = activation("softmax");
/** `leakyRelu(0.1)`; alpha defaults to 0.2. */
export const leakyRelu = alphaActivation("leakyRelu");
/** `elu(0.5)`; alpha defaults to 1. */
export const elu = alphaActivation("elu");

// ---- Loss and optimizer -----------------------------------------------------------------------

function loss<T extends LossName>(type: T): (target?: string) => LossSpec & { type: T } {
  return (target) => compact({ type, target });
}

/** Mean squared error; `target` defaults to the only target. */
export const mse = loss("mse");
/** Mean absolute error, mean(|p − t|); `target` defaults to the only target. */
export const meanAbsoluteError = loss("meanAbsoluteError");
/** Huber loss, as tf.losses.huberLoss: ½e² for |e| ≤ delta, delta·(|e| − ½delta) beyond; delta defaults to 1. */
export function huber(delta?: number, target?: string): LossSpec & { type: "huber" } {
  return compact({ type: "huber" as const, target, delta });
}
/** Softmax + cross-entropy on logits (the last layer must not apply softmax). */
export const softmaxCrossEntropy = loss("softmaxCrossEntropy");
/** Sigmoid + binary cross-entropy on logits (the last layer must not apply sigmoid). */
export const sigmoidCrossEntropy = loss("sigmoidCrossEntropy");

type Options<T> = Omit<T, "type" | "lr">;

/** Stochastic gradient descent (optionally with momentum / Nesterov); lr defaults to 0.01. */
export function sgd(lr?: number, options?: Options<SgdSpec>): SgdSpec {
  return compact({ type: "sgd" as const, lr, ...optionsOf("sgd", options) }) as SgdSpec;
}

/** Adam; lr defaults to 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7 (as tf.train.adam). */
export function adam(lr?: number, options?: Options<AdamSpec>): AdamSpec {
  return compact({ type: "adam" as const, lr, ...optionsOf("adam", options) }) as AdamSpec;
}

/** Adam with decoupled weight decay (weightDecay defaults to 0.01). */
export function adamw(lr?: number, options?: Options<AdamWSpec>): AdamWSpec {
  return compact({ type: "adamw" as const, lr, ...optionsOf("adamw", options) }) as AdamWSpec;
}

/** RMSProp; lr defaults to 0.001, rho 0.9, momentum 0, epsilon 1e-7 (as tf.train.rmsprop). */
export function rmsprop(lr?: number, options?: Options<RmspropSpec>): RmspropSpec {
  return compact({ type: "rmsprop" as const, lr, ...optionsOf("rmsprop", options) }) as RmspropSpec;
}

/** Adagrad; lr defaults to 0.01, initialAccumulatorValue 0.1, epsilon 1e-7 (as tf.train.adagrad). */
export function adagrad(lr?: number, options?: Options<AdagradSpec>): AdagradSpec {
  return compact({ type: "adagrad" as const, lr, ...optionsOf("adagrad", options) }) as AdagradSpec;
}
