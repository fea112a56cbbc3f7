// Helpers for tests of the simulation page (every message-passing protocol).
import assert from 'node:assert/strict';
import { byId, stepIndex } from './harness.mjs';

export { byId, stepIndex } from './harness.mjs';

/** Waits until the simulation page is drawn. */
export async function waitForPage(page) {
  await byId(page, 'sim-page').waitFor({ state: 'visible', timeout: 15_000 });
}

/**
 * Clicks scenario `slug` in the menu of the page open now, waits for the page it opens, and
 * checks that it opens past step 0.
 */
export async function openScenario(page, slug) {
  await waitForPage(page);
  await byId(page, `scenario-${slug}`).click();
  await page.waitForURL((url) => url.search.includes(`scenario=${slug}`) || url.search.includes('step='));
  await waitForPage(page);
  assert.ok((await stepIndex(page)) > 0, `${slug} opens past step 0`);
}

/** Plays until the status span `testid` has a data-value the regex `want` matches, then pauses. */
export async function playUntilStatus(page, testid, want) {
  await byId(page, 'play').click();
  await page.waitForFunction(
    ([id, source]) => {
      const value = document.querySelector(`[data-testid=${id}]`)?.dataset.value;
      return value !== undefined && new RegExp(source).test(value);
    },
    [testid, want.source],
    { timeout: 15_000 },
  );
  await byId(page, 'play').click();
  return byId(page, testid).getAttribute('data-value');
}

/** Sets the speed slider to 10^log10 (0 = 1×, 1 = 10×, -1 = 1/10×). */
export async function setSpeed(page, log10) {
  await byId(page, 'speed').fill(String(log10));
}

/**
 * Samples the ring `count` times, `everyMs` apart: each sample maps the id of every message
 * drawn on the ring (shown, not idle rows) to where it is drawn (its transform).
 */
export async function sampleRingMessages(page, count, everyMs) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) await page.waitForTimeout(everyMs);
    const drawn = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=node-ring] .ring-messages > g[data-testid^=message-]')]
        .filter((g) => g.getAttribute('display') !== 'none')
        .map((g) => [g.dataset.testid.slice('message-'.length), g.getAttribute('transform')]));
    samples.push(new Map(drawn));
  }
  return samples;
}
