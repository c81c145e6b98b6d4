// Merges Stryker reports or incremental files of chunked runs (`stryker run --mutate <glob>
// --incrementalFile <f>`) into one, and prints the score per folder. The merged incremental file
// lets the next full `npm run test:mutation` re-run only what changed.
// Usage: node scripts/mutation-merge.mjs OUT.json IN1.json IN2.json ...
import { readFileSync, writeFileSync } from "node:fs";

// --survivors also prints every surviving or uncovered mutant as a table row (for equivalent.md).
const args = process.argv.slice(2);
const listSurvivors = args.includes("--survivors");
const [out, ...inputs] = args.filter((a) => a !== "--survivors");
if (!out || inputs.length === 0) {
  console.error("usage: node scripts/mutation-merge.mjs OUT.json IN.json [IN.json ...]");
  process.exit(2);
}
const reports = inputs.map((f) => JSON.parse(readFileSync(f, "utf8")));
const merged = { ...reports[0], files: {}, testFiles: {} };
for (const r of reports) {
  Object.assign(merged.files, r.files);
  Object.assign(merged.testFiles, r.testFiles ?? {});
}
writeFileSync(out, JSON.stringify(merged));

/** A report's file path relative to the repository ("compiler/…"). */
const relative = (file) => file.replace(/^.*?(compiler\/)/, "$1");

// Score as Stryker counts it: detected (killed + timeout) / valid (detected + survived + no coverage);
// mutants the type checker rejects (CompileError) are not valid mutants.
const folders = new Map();
const add = (key, status) => {
  const c = folders.get(key) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, compileError: 0 };
  if (status === "Killed") c.killed++;
  else if (status === "Timeout") c.timeout++;
  else if (status === "Survived") c.survived++;
  else if (status === "NoCoverage") c.noCoverage++;
  else c.compileError++;
  folders.set(key, c);
};
for (const [file, data] of Object.entries(merged.files)) {
  const rel = relative(file);
  const folder = rel.startsWith("compiler/backends/js/emit/") ? rel : rel.slice(0, rel.lastIndexOf("/") + 1);
  for (const m of data.mutants) {
    add(folder, m.status);
    add("all", m.status);
  }
}
const rows = [...folders].sort(([a], [b]) => (a === "all" ? 1 : b === "all" ? -1 : a.localeCompare(b)));
console.log("| scope | killed | timeout | survived | no coverage | type errors | score |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const [key, c] of rows) {
  const valid = c.killed + c.timeout + c.survived + c.noCoverage;
  const score = valid === 0 ? "–" : `${((100 * (c.killed + c.timeout)) / valid).toFixed(2)}%`;
  console.log(`| ${key} | ${c.killed} | ${c.timeout} | ${c.survived} | ${c.noCoverage} | ${c.compileError} | ${score} |`);
}

if (listSurvivors) {
  console.log("\n| where | status | mutation | code |");
  console.log("| --- | --- | --- | --- |");
  for (const [file, data] of Object.entries(merged.files)) {
    const rel = relative(file);
    const lines = data.source.split("\n");
    for (const m of data.mutants) {
      if (m.status !== "Survived" && m.status !== "NoCoverage") continue;
      const line = m.location.start.line;
      const code = lines[line - 1].trim().slice(0, 60).replaceAll("|", "\\|");
      const replacement = (m.replacement ?? "").split("\n")[0].slice(0, 50).replaceAll("|", "\\|");
      console.log(`| ${rel}:${line} | ${m.status === "Survived" ? "survived" : "no coverage"} | ${m.mutatorName} → \`${replacement}\` | \`${code}\` |`);
    }
  }
}
