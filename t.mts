import { readFileSync } from "node:fs";
import { emitTarget } from "./compiler/phases/5-emit/targets.ts";
const code = readFileSync("generated/xor.ts", "utf8");
for (const k of ["js", "cjs"] as const) {
  let t = performance.now();
  const f = await emitTarget(code, "xor", k);
  console.log(k, performance.now() - t);
  for (const x of f) console.log("=====", x.fileName, "\n", x.code.slice(0, 800));
}
const m = readFileSync("generated/mnist.ts", "utf8");
for (let i=0;i<3;i++){
let t = performance.now();
await emitTarget(m, "mnist", "js");
console.log("mnist", performance.now() - t);}
