// The training step compiled into the module: one loop over the flat parameter buffer with the
// optimizer's state preallocated beside it. Hyperparameters are constants, except `lr`, a
// writable field (schedules need no recompile). Update rules match tf.train.* (see each case).
import type { Optimizer } from "../../../../src/spec/types.ts";

export interface OptimizerCode {
  /** Names of the state buffers, in the order they are saved. */
  state: string[];
  /** Body of step(). */
  step: string;
  /** Constructor statements that give the state its starting values (state is zero otherwise). */
  init: string[];
  /** One line describing the rule, for the class docs. */
  summary: string;
}

/** A number literal as prettier prints it (no `+` in an exponent). */
const num = (x: number) => String(x).replace("e+", "e");

export function optimizerCode(opt: Optimizer, paramCount: number): OptimizerCode {
  const rule = updateRule(opt);
  const clip = opt.clipNorm !== null;
  const gradient = ["grads[i]!", clip ? " * clipScale" : "", opt.l2 > 0 ? " + l2 * params[i]!" : ""].join("");
  const prelude = [
    "const params = this.params;",
    "const grads = this.grads;",
    "const lr = this.lr;",
    ...rule.state.map((s) => `const ${s} = this.${s};`),
    ...rule.constants,
    opt.l2 > 0 ? `const l2 = ${num(opt.l2)}; // L2 penalty: ∂(½λ‖θ‖²)/∂θ = λ·θ joins the gradient` : "",
    opt.skipNonFinite ? skipCode(paramCount) : "",
    clip ? clipCode(opt.clipNorm!, paramCount) : "",
    "this.stepCount++;",
    ...rule.beforeLoop,
  ].filter(Boolean);
  const step = `${prelude.join("\n")}
for (let i = 0; i < ${paramCount}; i++) {
  const g = ${gradient};
  ${rule.update}
}`;
  return { state: rule.state, step, summary: rule.summary, init: rule.init ?? [] };
}

/**
 * skipNonFinite: one pass over the gradients before anything is written. g·0 is exactly 0 for a
 * finite g and NaN for NaN or ±Infinity (a plain sum could overflow on finite values), so the
 * step is skipped exactly when some gradient is not finite: parameters, state and stepCount stay.
 */
function skipCode(paramCount: number): string {
  return `// skip a step whose gradients are not all finite: g·0 is 0 for finite g, NaN otherwise
let nonFinite = 0;
for (let i = 0; i < ${paramCount}; i++) nonFinite += grads[i]! * 0;
if (nonFinite !== 0) {
  this.skippedSteps++;
  return;
}`;
}

/** Gradient clipping by global norm: g ← g · min(1, clipNorm / ‖g‖). */
function clipCode(clipNorm: number, paramCount: number): string {
  return `// clip by global norm: g ← g · min(1, clipNorm / ‖g‖)
let sumOfSquares = 0;
for (let i = 0; i < ${paramCount}; i++) sumOfSquares += grads[i]! * grads[i]!;
const norm = Math.sqrt(sumOfSquares);
const clipScale = norm > ${num(clipNorm)} ? ${num(clipNorm)} / norm : 1;`;
}

interface Rule {
  state: string[];
  init?: string[];
  constants: string[];
  beforeLoop: string[];
  update: string;
  summary: string;
}

function updateRule(opt: Optimizer): Rule {
  switch (opt.type) {
    case "sgd":
      if (opt.momentum === 0) {
        return { state: [], constants: [], beforeLoop: [], update: "params[i]! -= lr * g;", summary: "sgd: θ −= lr·g" };
      }
      // tf.train.momentum: a = μ·a + g;  θ −= lr·a  (Nesterov: θ −= lr·(g + μ·a))
      return {
        state: ["velocity"],
        constants: [`const momentum = ${num(opt.momentum)};`],
        beforeLoop: [],
        update: `const a = momentum * velocity[i]! + g;
velocity[i] = a;
params[i]! -= lr * ${opt.nesterov ? "(g + momentum * a)" : "a"};`,
        summary: opt.nesterov ? "sgd with Nesterov momentum: a = μ·a + g, θ −= lr·(g + μ·a)" : "sgd with momentum: a = μ·a + g, θ −= lr·a",
      };
    case "adam":
    case "adamw":
      return adamRule(opt);
    case "rmsprop":
      // tf.train.rmsprop (uncentered): s = ρ·s + (1−ρ)·g²;  m = μ·m + lr·g/√(s + ε);  θ −= m
      return {
        state: opt.momentum > 0 ? ["meanSquare", "moment"] : ["meanSquare"],
        constants: [`const rho = ${num(opt.rho)};`, `const epsilon = ${num(opt.epsilon)};`, ...(opt.momentum > 0 ? [`const momentum = ${num(opt.momentum)};`] : [])],
        beforeLoop: [],
        update: `const s = rho * meanSquare[i]! + (1 - rho) * g * g;
meanSquare[i] = s;
${
  opt.momentum > 0
    ? `const m = momentum * moment[i]! + (lr * g) / Math.sqrt(s + epsilon);
moment[i] = m;
params[i]! -= m;`
    : "params[i]! -= (lr * g) / Math.sqrt(s + epsilon);"
}`,
        summary: "rmsprop: s = ρ·s + (1−ρ)·g², θ −= lr·g/√(s + ε)" + (opt.momentum > 0 ? " through momentum" : ""),
      };
    case "adagrad":
      // tf.train.adagrad: acc = acc + g²;  θ −= lr·g/√(acc + ε), acc starting at initialAccumulatorValue
      return {
        state: ["accumulator"],
        init: [`this.accumulator.fill(${num(opt.initialAccumulatorValue)});`],
        constants: [`const epsilon = ${num(opt.epsilon)};`],
        beforeLoop: [],
        update: `const acc = accumulator[i]! + g * g;
accumulator[i] = acc;
params[i]! -= (lr * g) / Math.sqrt(acc + epsilon);`,
        summary: "adagrad: acc += g², θ −= lr·g/√(acc + ε)",
      };
  }
}

/** tf.train.adam: m = β₁m + (1−β₁)g;  v = β₂v + (1−β₂)g²;  θ −= lr·m̂/(√v̂ + ε), m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). */
function adamRule(opt: Extract<Optimizer, { type: "adam" | "adamw" }>): Rule {
  const decoupled = opt.type === "adamw" && opt.weightDecay > 0;
  return {
    state: ["firstMoment", "secondMoment"],
    constants: [
      `const beta1 = ${num(opt.beta1)};`,
      `const beta2 = ${num(opt.beta2)};`,
      `const epsilon = ${num(opt.epsilon)};`,
      ...(decoupled ? [`const weightDecay = ${num(opt.weightDecay)};`] : []),
    ],
    beforeLoop: [
      "// bias correction for step t: m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)",
      "const correction1 = 1 / (1 - Math.pow(beta1, this.stepCount));",
      "const correction2 = 1 / (1 - Math.pow(beta2, this.stepCount));",
    ],
    update: `const m = beta1 * firstMoment[i]! + (1 - beta1) * g;
const v = beta2 * secondMoment[i]! + (1 - beta2) * g * g;
firstMoment[i] = m;
secondMoment[i] = v;
${decoupled ? "// decoupled weight decay (AdamW): θ −= lr·λ·θ, outside the adaptive scaling\nparams[i]! -= lr * weightDecay * params[i]!;\n" : ""}params[i]! -= (lr * (m * correction1)) / (Math.sqrt(v * correction2) + epsilon);`,
    summary: decoupled ? "adamw: adam with decoupled weight decay θ −= lr·λ·θ" : "adam: θ −= lr·m̂/(√v̂ + ε)",
  };
}
