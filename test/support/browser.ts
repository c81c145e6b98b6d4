// One headless Chromium for a test file: Debian's package (/usr/bin/chromium, or $TAPELESS_CHROMIUM)
// driven by playwright-core, which downloads nothing. Missing browser: a clear error, never a skip.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = process.env.TAPELESS_CHROMIUM ?? "/usr/bin/chromium";

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM}. Install it with \`sudo apt-get install -y chromium\` ` +
        "(Debian/Ubuntu; .ci/run does this), or point TAPELESS_CHROMIUM at a Chromium binary.",
    );
  const profile = mkdtempSync(join(tmpdir(), "tapeless-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
