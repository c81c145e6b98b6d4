// Which generated module an example script runs: the JavaScript target (generated/<name>.ts) by
// default, the WebAssembly one (generated/wasm/<name>.ts) with `--target wasm` (as in
// `npm run demo -- --target wasm`) or TAPELESS_TARGET=wasm. Both have the same API.
export type Target = "js" | "wasm";

/** The command line's arguments other than `--target <t>` / `--target=<t>` (a weights file, ...). */
export function otherArguments(argv: readonly string[] = process.argv.slice(2)): string[] {
  return argv.filter((a, i) => a !== "--target" && argv[i - 1] !== "--target" && !a.startsWith("--target="));
}

export function chosenTarget(argv: readonly string[] = process.argv.slice(2), env = process.env.TAPELESS_TARGET): Target {
  const at = argv.indexOf("--target");
  const given = at >= 0 ? argv[at + 1] : (argv.find((a) => a.startsWith("--target="))?.slice("--target=".length) ?? env);
  if (given === undefined || given === "js" || given === "wasm") return given ?? "js";
  console.error(`--target: expected js or wasm, got ${JSON.stringify(given)}`);
  process.exit(2);
}
