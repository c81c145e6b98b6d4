// Writes a file atomically: a temporary file in the same folder, then a rename over the target.
// Whatever fails, no partial target and no temporary file remain.
import { randomBytes } from "node:crypto";
import { rm, writeFile, rename } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export function tempNameFor(file: string): string {
  return join(
    dirname(file),
    `.${basename(file)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  );
}

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const temp = tempNameFor(file);
  try {
    await writeFile(temp, content, { encoding: "utf8", flag: "wx" });
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
