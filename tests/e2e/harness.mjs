// Shared helpers for the end-to-end tests: the dist/ server, Debian's Chromium driven by
// playwright-core (no browser download), and a page that records every console error, uncaught
// exception, failed request and HTTP error, so each test can demand there were none.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, defaultDist } from '../serve-dist.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const screenshotDir = path.resolve(here, '..', 'screenshots');

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Starts the dist/ server and the browser; call `close()` when done. */
export async function startSession() {
  const server = await startServer(process.env.DSVIZ_DIST ?? defaultDist, 0);
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (err) {
    await server.close();
    throw err;
  }
  return {
    baseUrl: server.url,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Opens `url` in a new context and returns { page, problems, close }.
 * `problems` collects console errors, page errors, failed requests and HTTP errors as they happen.
 */
export async function openPage(session, urlPath, { colorScheme = 'light', viewport = { width: 1280, height: 800 } } = {}) {
  const context = await session.browser.newContext({ colorScheme, viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(new URL(urlPath, session.baseUrl).href, { waitUntil: 'load' });
  return { page, problems, close: () => context.close() };
}

/** Fails the test with the list of problems, if there were any. */
export function assertNoProblems(problems) {
  assert.deepEqual(problems, [], `the page reported problems:\n  ${problems.join('\n  ')}`);
}

/** Saves a full-page screenshot as tests/screenshots/NAME.png (git-ignored). */
export async function screenshot(page, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Opens `urlPath`, runs `body(page)`, then demands the page reported no problems; the page's
 * context is closed whatever happens.
 */
export async function withPage(session, urlPath, options, body) {
  const { page, problems, close } = await openPage(session, urlPath, options);
  try {
    await body(page);
    assertNoProblems(problems);
  } finally {
    await close();
  }
}
