import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium, which CI installs with apt-get: never a browser downloaded at test time. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Where screenshots go, beside the rest of the test output (git-ignored). */
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../tmp/screenshots');

/** A headless chromium for one spec file; a missing chromium fails the spec with what to do. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `No chromium at ${CHROMIUM_PATH}: the browser tests drive Debian's chromium ` +
        '(apt-get install -y chromium; .ci/run installs it).',
    );
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Chromium's sandbox refuses to start as root (CI containers run as root).
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

/** What went wrong inside the page: script errors, uncaught exceptions, CSP violations. */
export interface PageTrouble {
  readonly errors: string[];
}

/** A fresh context (no storage shared between tests) and page, recording the page's errors. */
export async function openPage(
  browser: Browser,
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page; trouble: PageTrouble }> {
  const context = await browser.newContext({ viewport, colorScheme: 'light' });
  const page = await context.newPage();
  const trouble: PageTrouble = { errors: [] };
  page.on('console', (message) => {
    // Chromium logs every 4xx answer too; the page expects some (a 403 tells it the key's scope).
    const text = message.text();
    if (message.type() === 'error' && !text.startsWith('Failed to load resource'))
      trouble.errors.push(`console: ${text}`);
  });
  page.on('pageerror', (error) => trouble.errors.push(`page: ${error.message}`));
  return { context, page, trouble };
}

/**
 * Opens the dashboard and connects with a key; resolves once the jobs panel shows and the live
 * stream is up (or, for an admin-only key, once the connection line appears).
 */
export async function connect(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/dashboard`);
  await page.fill('#api-key', key);
  await page.click('#key-form button[type="submit"]');
  await page.waitForSelector('#jobs-panel:not([hidden])', { timeout: 15_000 });
  await page.waitForSelector('#live-state.live-on', { timeout: 15_000 });
}

/** A file name for the running test's screenshot: the mode, then the test's own title. */
export function screenshotName(mode: string, suite: string): string {
  const title = (expect.getState().currentTestName ?? 'test').replace(suite, '');
  return `${mode}-${title.replace(/\W+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60)}`;
}

/** Saves a screenshot under tmp/screenshots; returns its path. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** The text of a job's status badge in the jobs table ('' while the row is not there). */
export async function rowStatus(page: Page, jobId: string): Promise<string> {
  const badge = page.locator(`#jobs-body tr[data-job-id="${jobId}"] .status`);
  return (await badge.count()) > 0 ? ((await badge.textContent()) ?? '') : '';
}
