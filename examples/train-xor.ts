// Trains the generated XOR model (generated/xor.ts) and prints the loss going down.
// Run with `npm run demo`, which first rebuilds generated/xor.ts from examples/xor.net.ts.
import { Model, layout } from "../generated/xor.ts";

const x = Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]);
const y = Float32Array.from([0, 1, 1, 0]);
const model = new Model({ seed: 7 });

console.log(`${layout.name}: ${layout.paramCount} parameters, inputs ${JSON.stringify(layout.inputs)}`);
console.log("epoch      loss");
const started = performance.now();
let loss = model.loss(x, y);
for (let epoch = 0; epoch <= 4000; epoch++) {
  if (epoch % 500 === 0) console.log(`${String(epoch).padStart(5)}  ${loss.toFixed(6)}`);
  loss = model.trainStep(x, y);
}
const ms = performance.now() - started;
const out = model.forward(x);
console.log(`trained 4000 steps in ${ms.toFixed(0)} ms`);
for (let i = 0; i < 4; i++) {
  console.log(`  xor(${x[2 * i]}, ${x[2 * i + 1]}) = ${out[i].toFixed(3)}  (target ${y[i]})`);
}
