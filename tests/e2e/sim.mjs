// Helpers for tests of the simulation page (every message-passing protocol).
import { byId } from './harness.mjs';

export { byId, stepIndex } from './harness.mjs';

/** Waits until the simulation page is drawn. */
export async function waitForPage(page) {
  await byId(page, 'sim-page').waitFor({ state: 'visible', timeout: 15_000 });
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
