// `npm run fuzz -- [--runs N] [--seed S] [--path P]`: the property-based fuzzer of
// test/fuzz/fuzz.test.ts for as long as you like. Without --seed a fresh one is drawn and printed;
// a failure prints the seed, the path to replay it and the shrunk case.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const usage = "usage: npm run fuzz -- [--runs N] [--seed S] [--path P]";
let values;
try {
  ({ values } = parseArgs({
    options: { runs: { type: "string", default: "1000" }, seed: { type: "string" }, path: { type: "string" }, help: { type: "boolean", short: "h" } },
  }));
} catch (e) {
  console.error(`fuzz: ${e.message}\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const runs = Number(values.runs);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error(`fuzz: --runs and --seed take integers\n${usage}`);
  process.exit(2);
}

console.log(`fuzz: ${runs} cases, seed ${seed}${values.path ? `, path ${values.path}` : ""}`);
const root = fileURLToPath(new URL("..", import.meta.url));
const vitest = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));
const result = spawnSync(process.execPath, [vitest, "run", "test/fuzz/fuzz.test.ts"], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    TAPELESS_FUZZ_RUNS: String(runs),
    TAPELESS_FUZZ_SEED: String(seed),
    TAPELESS_FUZZ_PATH: values.path ?? "",
  },
});
process.exit(result.status ?? 1);
