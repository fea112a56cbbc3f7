// Shared helpers for the end-to-end tests: the dist/ server, Debian's Chromium driven by
// playwright-core (no browser download), and a page that records every console error, uncaught
// exception, failed request and HTTP error, so each test can demand there were none.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
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

/**
 * Starts a session before the file's tests and closes it after them; returns a getter for it:
 *
 *   const session = useSession();
 *   test('…', async () => { await withPage(session(), '/bloom', {}, async (page) => { … }); });
 */
export function useSession() {
  let session;
  before(async () => { session = await startSession(); });
  after(async () => { await session?.close(); });
  return () => session;
}

/** The element with `data-testid=id`. */
export const byId = (page, id) => page.getByTestId(id);

/** Waits until the element with `data-testid=id` is visible: a page's root once the app drew it. */
export async function waitForTestId(page, id, timeout = 15_000) {
  await byId(page, id).waitFor({ state: 'visible', timeout });
}

/** The player's step counter. */
export async function stepIndex(page) {
  return Number(await byId(page, 'step-index').textContent());
}

/** Waits until the player's step counter reads at least `step`. */
export async function waitForStep(page, step, timeout = 10_000) {
  await page.waitForFunction(
    (atLeast) => Number(document.querySelector('[data-testid=step-index]')?.textContent) >= atLeast,
    step,
    { timeout },
  );
}

/** Presses Play, waits until the step counter reads at least `step`, and presses it again to pause. */
export async function playUntilStep(page, step, timeout = 10_000) {
  await byId(page, 'play').click();
  await waitForStep(page, step, timeout);
  await byId(page, 'play').click();
}

/** The path and query of `url`, to open a permalink the page wrote on another page. */
export function relativeUrl(url) {
  const { pathname, search } = new URL(url);
  return pathname + search;
}

/**
 * The elements with the given test ids, written out with each element's attributes sorted (the
 * framework may set them in another order when it patches an element rather than creating it),
 * one line per id; `missing ID` for an id not on the page.
 */
export async function canonicalDom(page, ids) {
  return page.evaluate((testIds) => {
    const describe = (node) => {
      if (node.nodeType === Node.TEXT_NODE) return node.textContent;
      if (node.nodeType !== Node.ELEMENT_NODE) return '';
      const attrs = [...node.attributes].map((a) => `${a.name}="${a.value}"`).sort().join(' ');
      return `<${node.tagName} ${attrs}>${[...node.childNodes].map(describe).join('')}</${node.tagName}>`;
    };
    return testIds
      .map((id) => { const el = document.querySelector(`[data-testid=${id}]`); return el ? describe(el) : `missing ${id}`; })
      .join('\n');
  }, ids);
}

/** What embed mode promises: no app header, no parameters form, nothing wider than the viewport. */
export async function assertEmbedded(page) {
  assert.equal(await byId(page, 'app-title').count(), 0, 'no app header');
  assert.equal(await byId(page, 'params').count(), 0, 'no parameters form');
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth, `no horizontal overflow at ${innerWidth} px (scrollWidth ${scrollWidth})`);
}
