// The HyperLogLog page end to end, against the release build in headless Chromium: a step shows
// the item's hash split into index bits and a zero run, and the register it names takes the rank;
// typed items, permalinks, "Run 1,000 streams", embed mode, bad URLs and the catalogue entry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, withPage, screenshot } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const byId = (page, id) => page.getByTestId(id);

async function ready(page) {
  await byId(page, 'hll-page').waitFor({ state: 'visible', timeout: 15_000 });
}

async function stepIndex(page) {
  return Number(await byId(page, 'step-index').textContent());
}

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
  await withPage(session, '/hyperloglog?seed=3&p=5', {}, async (page) => {
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
    await byId(page, 'play').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=step-index]').textContent) > 13, null, { timeout: 10_000 });
    await byId(page, 'play').click();
    const truth = Number(await byId(page, 'truth').textContent());
    assert.ok(truth > 0 && truth <= await stepIndex(page), 'the distinct count is at most the items added');
    await screenshot(page, 'hyperloglog-light');
  });
});

test('a typed item is added at the cursor and the permalink reproduces the state', async () => {
  await withPage(session, '/hyperloglog?seed=7&p=6&step=20', {}, async (page) => {
    await ready(page);
    assert.equal(await stepIndex(page), 20);
    await byId(page, 'item-input').fill('a,b');
    await byId(page, 'add-item').click();
    assert.match(await byId(page, 'item-error').textContent(), /comma/);
    await byId(page, 'item-input').fill('alice & bob');
    await byId(page, 'add-item').click();
    assert.equal(await stepIndex(page), 21);
    assert.match(await byId(page, 'last-item').textContent(), /alice & bob/);
    assert.match(await byId(page, 'position-label').textContent(), /21 of 401/);
    for (let i = 0; i < 5; i++) await byId(page, 'step').click();
    const snapshot = () => page.evaluate(() =>
      ['hash-panel', 'register-bars', 'estimates', 'position']
        .map((id) => document.querySelector(`[data-testid=${id}]`)?.outerHTML ?? `missing ${id}`)
        .join('\n'));
    const before = await snapshot();
    const link = new URL(page.url());
    assert.match(link.search, /typed=20:alice%20%26%20bob/);
    assert.match(link.search, /step=26/);
    await withPage(session, link.pathname + link.search, {}, async (second) => {
      await ready(second);
      const again = await second.evaluate(() =>
        ['hash-panel', 'register-bars', 'estimates', 'position']
          .map((id) => document.querySelector(`[data-testid=${id}]`)?.outerHTML ?? `missing ${id}`)
          .join('\n'));
      assert.equal(again, before);
    });
  });
});

test('run 1,000 streams plots the error histogram against ±1.04/√m', async () => {
  await withPage(session, '/hyperloglog?seed=2&p=6&runN=2000', {}, async (page) => {
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
  await withPage(session, '/hyperloglog?seed=4&p=8&step=300', { colorScheme: 'dark' }, async (page) => {
    await ready(page);
    assert.equal(await page.locator('[data-testid=register-bars] rect.bar').count(), 256);
    await screenshot(page, 'hyperloglog-dark');
  });
});

test('embed mode shows the visualization without the app chrome, on a phone', async () => {
  await withPage(session, '/hyperloglog?embed=1&theme=dark&step=50', { viewport: { width: 360, height: 640 } }, async (page) => {
    await ready(page);
    assert.equal(await byId(page, 'app-title').count(), 0);
    assert.equal(await byId(page, 'params').count(), 0);
    assert.equal(await stepIndex(page), 50);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no horizontal overflow at 360 px (scrollWidth ${width})`);
    await screenshot(page, 'hyperloglog-embed-dark-phone');
  });
});

test('a malformed link names its bad values and still opens a working page', async () => {
  await withPage(session, '/hyperloglog?p=99&seed=abc&n=-4&typed=zzz&step=oops', {}, async (page) => {
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
  await withPage(session, '/hyperloglog?step=10', {}, async (page) => {
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
  await withPage(session, '/', {}, async (page) => {
    const entry = byId(page, 'catalogue-hyperloglog');
    await entry.waitFor({ state: 'visible', timeout: 15_000 });
    await entry.click();
    await ready(page);
  });
});
