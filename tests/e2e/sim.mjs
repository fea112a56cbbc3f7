// Helpers for tests of the simulation page (every message-passing protocol).

/** The element with `data-testid=id`. */
export const byId = (page, id) => page.getByTestId(id);

/** Waits until the simulation page is drawn. */
export async function waitForPage(page) {
  await byId(page, 'sim-page').waitFor({ state: 'visible', timeout: 15_000 });
}

/** Sets the speed slider to 10^log10 (0 = 1×, 1 = 10×, -1 = 1/10×). */
export async function setSpeed(page, log10) {
  await byId(page, 'speed').fill(String(log10));
}

/** The step counter's value. */
export async function stepIndex(page) {
  return Number(await byId(page, 'step-index').textContent());
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
