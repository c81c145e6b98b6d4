// `npm run fuzz -- [--runs N] [--seed S] [--path P] [--graphs mlp|nd|conv|all]`: the property-based
// fuzzers of test/fuzz/ for as long as you like: fuzz.test.ts (MLP-shaped specs, --graphs mlp),
// fuzz-nd.test.ts (random N-D graphs, --graphs nd) and fuzz-conv.test.ts (random convolutional
// networks, --graphs conv); all by default, each with N cases. Without
// --seed a fresh one is drawn and printed; a failure prints the seed, the path to replay it and the
// shrunk case.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const usage = "usage: npm run fuzz -- [--runs N] [--seed S] [--path P] [--graphs mlp|nd|conv|all]";
const FILES = {
  mlp: ["test/fuzz/fuzz.test.ts"],
  nd: ["test/fuzz/fuzz-nd.test.ts"],
  conv: ["test/fuzz/fuzz-conv.test.ts"],
  all: ["test/fuzz/fuzz.test.ts", "test/fuzz/fuzz-nd.test.ts", "test/fuzz/fuzz-conv.test.ts"],
};
let values;
try {
  ({ values } = parseArgs({
    options: {
      runs: { type: "string", default: "1000" },
      seed: { type: "string" },
      path: { type: "string" },
      graphs: { type: "string", default: "all" },
      help: { type: "boolean", short: "h" },
    },
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
if (!Object.hasOwn(FILES, values.graphs)) {
  console.error(`fuzz: --graphs takes mlp, nd, conv or all, not "${values.graphs}"\n${usage}`);
  process.exit(2);
}
if (values.path && values.graphs === "all") {
  console.error(`fuzz: --path replays one generator: add --graphs mlp, nd or conv\n${usage}`);
  process.exit(2);
}

console.log(`fuzz: ${runs} cases, seed ${seed}, graphs ${values.graphs}${values.path ? `, path ${values.path}` : ""}`);
const root = fileURLToPath(new URL("..", import.meta.url));
const vitest = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));
const result = spawnSync(process.execPath, [vitest, "run", ...FILES[values.graphs]], {
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
