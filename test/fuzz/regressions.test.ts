// Every case the fuzzer ever found, replayed with all checks (type-check and compile-twice included).
// A case is a JSON file in test/fuzz/regressions/: { "found": what broke, "spec", "batch", "seed" }.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, it } from "vitest";
import type { FuzzCase } from "../support/arbitraries.ts";
import { tfReady } from "../support/tfjs-oracle.ts";
import { checkCase } from "./check-case.ts";

const DIR = fileURLToPath(new URL("./regressions/", import.meta.url));
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(DIR + f, "utf8")) as FuzzCase & { found: string }] as const);

beforeAll(tfReady);

describe("fuzz regressions", () => {
  it.each(cases)("%s", async (_file, c) => {
    await checkCase(c, { typecheck: true, fullDeterminism: true });
  });
});
