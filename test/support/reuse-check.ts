// Run-time checks of the arena's reuse of memory on one generated module: whatever the planner lets
// share memory, backward() must still see the activations of the last loss() and nothing else.
// Every comparison is exact: the same code on the same numbers gives the same bits.
import { expect } from "vitest";
import type { LoadedModule } from "./load-module.ts";

/** The arguments of one loss() call: inputs then targets, and the batch. */
export interface Batch {
  args: readonly unknown[];
  rows: number;
}

/** Dropout's generator set to one state before a loss() whose gradients are compared (the same masks). */
const REPLAY = 424242;

const gradsAfter = (module: LoadedModule, seed: number, b: Batch) => {
  const m = new module.Model({ seed });
  if (m.randomState !== undefined) m.randomState = REPLAY;
  m.loss(...b.args, b.rows);
  m.backward();
  return Array.from(m.grads);
};

/**
 * On fresh models seeded with `seed`, batches `a` and `b` (different data, ideally different rows):
 * - backward() twice gives identical gradients (it reads nothing it overwrote);
 * - loss(a), backward, loss(b), backward gives exactly the gradients of b alone;
 * - trainStep equals loss + backward + step, twice in a row (optimizer moments included);
 * - forward() between loss() and backward() makes backward() refuse, as documented.
 */
export function checkMemoryReuse(module: LoadedModule, seed: number, a: Batch, b: Batch, label = ""): void {
  const m = new module.Model({ seed });
  m.loss(...a.args, a.rows);
  m.backward();
  const first = Array.from(m.grads);
  m.backward();
  expect(Array.from(m.grads), `${label}backward() twice`).toEqual(first);

  if (m.randomState !== undefined) m.randomState = REPLAY;
  m.loss(...b.args, b.rows);
  m.backward();
  expect(Array.from(m.grads), `${label}loss(a) backward loss(b) backward = gradients of b`).toEqual(gradsAfter(module, seed, b));

  const fused = new module.Model({ seed });
  const split = new module.Model({ seed });
  for (const batch of [a, b]) {
    const lossFused = fused.trainStep(...batch.args, batch.rows);
    const lossSplit = split.loss(...batch.args, batch.rows);
    split.backward();
    split.step();
    expect(lossFused, `${label}trainStep loss`).toBe(lossSplit);
    expect(Array.from(fused.params), `${label}trainStep = loss + backward + step`).toEqual(Array.from(split.params));
  }

  m.loss(...a.args, a.rows);
  m.forward(...b.args.slice(0, module.layout.inputs.length), b.rows);
  expect(() => m.backward(), `${label}forward() between loss() and backward()`).toThrow(/backward\(\) needs a loss\(\) call first/);
}
