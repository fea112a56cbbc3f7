// The HyperLogLog page end to end, against the release build in headless Chromium: a step shows
// the item's hash split into index bits and a zero run, and the register it names takes the rank;
// typed items, permalinks, "Run 1,000 streams", embed mode, bad URLs and the catalogue entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSession, withPage, screenshot, byId, waitForTestId, stepIndex, playUntilStep, relativeUrl, canonicalDom,
  assertEmbedded,
} from './harness.mjs';

const session = useSession();
const ready = (page) => waitForTestId(page, 'hll-page');

/** What the hash panel says about the last item, read from the DOM. */
async function lastHash(page) {
  return page.evaluate(() => {
    const bits = [...document.querySelectorAll('[data-testid=hash-bits] .bit')];
    const update = document.querySelector('[data-testid=register-update]');
    return {
      bits: bits.map((b) => b.textContent.trim()).join(''),
      indexBits: bits.filter((b) => b.dataset.role === 'index').map((b) => b.textContent.trim()).join(''),
      zeros: bits.filter((b) => b.dataset.role === 'zero').length,
      ones: bits.filter((b) => b.dataset.role === 'one').length,
      register: Number(update.dataset.register),
      oldValue: Number(update.dataset.old),
      newValue: Number(update.dataset.new),
    };
  });
}

async function barValue(page, register) {
  return Number(await page.locator(`[data-testid=register-bars] rect[data-register="${register}"]`).getAttribute('data-value'));
}

test('each step splits the hash into index bits and a zero run, and raises that register', async () => {
  await withPage(session(), '/hyperloglog?seed=3&p=5', {}, async (page) => {
    await ready(page);
    assert.equal(await page.locator('[data-testid=register-bars] rect.bar').count(), 32);
    for (let i = 0; i < 12; i++) {
      await byId(page, 'step').click();
      const h = await lastHash(page);
      assert.equal(h.bits.length, 64);
      assert.equal(h.indexBits.length, 5, 'p = 5 index bits');
      assert.equal(parseInt(h.indexBits, 2), h.register, 'the index bits name the register');
      assert.equal(h.ones, 1);
      const rank = h.zeros + 1;
      assert.equal(h.newValue, Math.max(h.oldValue, rank), 'register = max(old, rank)');
      assert.equal(await barValue(page, h.register), h.newValue, 'the bar shows the new value');
      assert.equal(await page.locator('[data-testid=register-bars] rect.touched').getAttribute('data-register'), String(h.register));
    }
    assert.equal(await stepIndex(page), 12);
    await playUntilStep(page, 14);
    const truth = Number(await byId(page, 'truth').textContent());
    assert.ok(truth > 0 && truth <= await stepIndex(page), 'the distinct count is at most the items added');
    await screenshot(page, 'hyperloglog-light');
  });
});

test('a typed item is added at the cursor and the permalink reproduces the state', async () => {
  await withPage(session(), '/hyperloglog?seed=7&p=6&step=20', {}, async (page) => {
    await ready(page);
    assert.equal(await stepIndex(page), 20);
    await byId(page, 'item-input').fill('x'.repeat(65));
    await byId(page, 'item-add').click();
    assert.match(await byId(page, 'item-message').textContent(), /at most 64/);
    assert.equal(await stepIndex(page), 20, 'nothing was added');
    await byId(page, 'item-input').fill('alice & bob');
    await byId(page, 'item-add').click();
    assert.equal(await stepIndex(page), 21);
    assert.match(await byId(page, 'last-item').textContent(), /alice & bob/);
    assert.match(await byId(page, 'position-label').textContent(), /21 of 401/);
    for (let i = 0; i < 5; i++) await byId(page, 'step').click();
    const snapshot = (p) => canonicalDom(p, ['hash-panel', 'register-bars', 'estimates', 'position']);
    const before = await snapshot(page);
    const link = relativeUrl(page.url());
    assert.match(link, /typed=20:alice~20~26~20bob&/);
    assert.match(link, /step=26/);
    await withPage(session(), link, {}, async (second) => {
      await ready(second);
      assert.equal(await snapshot(second), before);
    });
    // The same run as a link wrote it before items took the `~XX` form opens the same picture.
    await withPage(session(), link.replace('alice~20~26~20bob', 'alice%20%26%20bob'), {}, async (second) => {
      await ready(second);
      assert.equal(await byId(second, 'url-problems').count(), 0);
      assert.equal(await snapshot(second), before);
    });
  });
});

test('run 1,000 streams plots the error histogram against ±1.04/√m', async () => {
  await withPage(session(), '/hyperloglog?seed=2&p=6&runN=2000', {}, async (page) => {
    await ready(page);
    await byId(page, 'run-streams').click();
    // Sliced across timeouts: the page answers while it runs.
    await byId(page, 'step').click();
    assert.equal(await stepIndex(page), 1);
    await page.waitForFunction(
      () => document.querySelector('[data-testid=streams-progress]')?.textContent.startsWith('1000 of 1000'),
      null, { timeout: 60_000 });
    const histogram = byId(page, 'error-histogram');
    assert.equal(await histogram.getAttribute('data-streams'), '1000');
    const counts = await page.locator('[data-testid=error-histogram] rect.hist-bar').evaluateAll(
      (bars) => bars.map((b) => Number(b.dataset.count)));
    assert.equal(counts.reduce((a, b) => a + b, 0), 1000);
    assert.equal(await page.locator('[data-testid=error-histogram] line.sigma1').count(), 2);
    assert.equal(await page.locator('[data-testid=error-histogram] line.sigma2').count(), 2);
    const rmse = Number(await byId(page, 'measured-rmse').getAttribute('data-rmse'));
    const se = 1.04 / Math.sqrt(64);
    assert.ok(rmse > 0.7 * se && rmse < 1.3 * se, `RMSE ${rmse} is near 1.04/√m = ${se}`);
    await screenshot(page, 'hyperloglog-streams-light');
  });
});

test('dark theme renders the page', async () => {
  await withPage(session(), '/hyperloglog?seed=4&p=8&step=300', { colorScheme: 'dark' }, async (page) => {
    await ready(page);
    assert.equal(await page.locator('[data-testid=register-bars] rect.bar').count(), 256);
    await screenshot(page, 'hyperloglog-dark');
  });
});

test('embed mode shows the visualization without the app chrome, on a phone', async () => {
  await withPage(session(), '/hyperloglog?embed=1&theme=dark&step=50', { viewport: { width: 360, height: 640 } }, async (page) => {
    await ready(page);
    await assertEmbedded(page);
    assert.equal(await stepIndex(page), 50);
    await screenshot(page, 'hyperloglog-embed-dark-phone');
  });
});

test('a malformed link names its bad values and still opens a working page', async () => {
  await withPage(session(), '/hyperloglog?p=99&seed=abc&n=-4&typed=zzz&step=oops', {}, async (page) => {
    await ready(page);
    const problems = await byId(page, 'url-problems').textContent();
    for (const needle of ['p=99', 'seed=abc', 'n=-4', 'zzz', 'step=oops']) {
      assert.ok(problems.includes(needle), `the banner names ${needle}: ${problems}`);
    }
    assert.equal(await page.locator('[data-testid=register-bars] rect.bar').count(), 64, 'default p = 6');
    await byId(page, 'step').click();
    assert.equal(await stepIndex(page), 1);
    await byId(page, 'dismiss-problems').click();
    assert.equal(await byId(page, 'url-problems').count(), 0);
  });
});

test('new parameters start a new run', async () => {
  await withPage(session(), '/hyperloglog?step=10', {}, async (page) => {
    await ready(page);
    await byId(page, 'precision').selectOption('4');
    await byId(page, 'stream-length').fill('50');
    await byId(page, 'stream-length').dispatchEvent('change');
    await byId(page, 'apply-params').click();
    assert.equal(await stepIndex(page), 0);
    assert.equal(await page.locator('[data-testid=register-bars] rect.bar').count(), 16);
    assert.match(await byId(page, 'position-label').textContent(), /0 of 50/);
    assert.match(page.url(), /p=4&n=50/);
  });
});

test('the catalogue lists the page under Sketches', async () => {
  await withPage(session(), '/', {}, async (page) => {
    await waitForTestId(page, 'catalogue-hyperloglog');
    const entry = byId(page, 'catalogue-hyperloglog');
    await entry.click();
    await ready(page);
  });
});
