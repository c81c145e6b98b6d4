// differentiate() as text a reviewer can read: the gradient graph of small forward graphs, before
// any optimization, pinned in autodiff.golden.txt. It shows which nodes get adjoints (only those a
// parameter depends on), how fan-out is summed, what a parameter the loss ignores gets (zeros), and
// the chain-rule comments the generated code carries. The numbers are checked elsewhere (op FD
// tests, fusion-gradients, the examples against TensorFlow.js); this pins the construction.
import { describe, it } from "vitest";
import { differentiate } from "../../../../compiler/phases/2-autodiff/autodiff.ts";
import { parseGraph } from "../../../../compiler/ir/parse.ts";
import { printGraph } from "../../../../compiler/ir/print.ts";
import { verifyGraph } from "../../../../compiler/ir/verify.ts";
import { expectGolden } from "../../../support/golden.ts";

const GRAPHS: Record<string, string> = {
  // a dense layer with relu, then a sum as the loss: the data input %x gets no adjoint
  "dense relu sum": `graph dense(%x: f64[n,3], %y: f64[n,2]; %w: f64[3,2], %b: f64[2]) {
  %0: f64[n,2] = matmul %x, %w {ta=0, tb=0}                  # dense
  %1: f64[n,2] = broadcast %b, %0                            # dense
  %2: f64[n,2] = add %0, %1                                  # dense
  %3: f64[n,2] = relu %2                                     # dense
  %4: f64[] = reduce_sum %3 {axes=[0,1]}                     # loss
  output %3
  loss %4
}`,
  // %h is read twice (fan-out: its adjoint sums two uses); %w2 is used twice too
  "fan-out and a shared weight": `graph fan(%x: f64[n,2], %y: f64[n,2]; %w: f64[2,2], %w2: f64[2,2]) {
  %h: f64[n,2] = matmul %x, %w {ta=0, tb=0}                  # first
  %t: f64[n,2] = tanh %h                                     # first
  %u: f64[n,2] = matmul %t, %w2 {ta=0, tb=0}                 # second
  %v: f64[n,2] = matmul %u, %w2 {ta=0, tb=0}                 # third
  %s: f64[n,2] = add %v, %h                                  # skip
  %l: f64[] = reduce_sum %s {axes=[0,1]}                                     # loss
  output %s
  loss %l
}`,
  // %unused feeds the output only: the loss does not depend on it, so its gradient is zeros
  "a parameter the loss ignores": `graph ignored(%x: f64[n,2], %y: f64[n,2]; %w: f64[2,2], %unused: f64[2,2]) {
  %a: f64[n,2] = matmul %x, %w {ta=0, tb=0}                  # used
  %z: f64[n,2] = matmul %x, %unused {ta=0, tb=0}             # side
  %l: f64[] = reduce_sum %a {axes=[0,1]}                                     # loss
  output %z
  loss %l
}`,
  // a node that depends on data only (%e = exp(x)) gets no adjoint even though the loss reads it
  "data-only branch": `graph data(%x: f64[n,2], %y: f64[n,2]; %w: f64[2,2]) {
  %e: f64[n,2] = exp %x                                      # features
  %a: f64[n,2] = matmul %e, %w {ta=0, tb=0}                  # dense
  %m: f64[n,2] = mul %a, %e                                  # gate
  %l: f64[] = reduce_sum %m {axes=[0,1]}                                     # loss
  output %m
  loss %l
}`,
};

describe("differentiate", () => {
  it("builds the gradient graphs in autodiff.golden.txt", () => {
    const text = Object.entries(GRAPHS).map(([title, source]) => {
      const full = differentiate(parseGraph(source));
      verifyGraph(full, "autodiff");
      return `## ${title}\n${printGraph(full)}`;
    });
    expectGolden(new URL("./autodiff.golden.txt", import.meta.url), text.join("\n"));
  });
});
