// Test-file order for the vitest sequencers (vitest.config.ts, test/mutation/vitest.config.ts):
// files whose path contains an earlier entry of `order` come first, the others after them, each
// group keeping the order it was given in (Array.prototype.sort is stable).
export function rankFiles<T extends { moduleId: string }>(files: readonly T[], order: readonly string[]): T[] {
  const rank = (file: string) => {
    const k = order.findIndex((part) => file.includes(part));
    return k === -1 ? order.length : k;
  };
  return [...files].sort((a, b) => rank(a.moduleId) - rank(b.moduleId));
}
