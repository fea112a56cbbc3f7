// The Count-Min page end to end, against the release build in headless Chromium: each step
// highlights one counter per row, the estimate is the smallest of them and never below the true
// count; conservative update, typed items, permalinks, heavy hitters, embed mode, bad URLs and the
// catalogue entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSession, withPage, screenshot, byId, waitForTestId, stepIndex, playUntilStep, relativeUrl, canonicalDom,
  assertEmbedded,
} from './harness.mjs';

const session = useSession();
const ready = (page) => waitForTestId(page, 'count-min-page');

/** The table and the last item's numbers, read from the DOM. */
async function readTable(page) {
  return page.evaluate(() => {
    const cells = [...document.querySelectorAll('[data-testid=cm-table] td.cell')];
    const rows = new Map();
    for (const c of cells) {
      const r = Number(c.dataset.row);
      rows.set(r, (rows.get(r) ?? 0) + Number(c.dataset.count));
    }
    const num = (id) => Number(document.querySelector(`[data-testid=${id}]`)?.dataset.value);
    return {
      rowSums: [...rows.values()],
      hits: cells.filter((c) => c.classList.contains('hit')).map((c) => Number(c.dataset.count)),
      mins: cells.filter((c) => c.classList.contains('min')).map((c) => Number(c.dataset.count)),
      estimate: num('estimate'),
      truth: num('true-count'),
    };
  });
}

test('each step adds one to a counter per row and the estimate is their minimum', async () => {
  await withPage(session(), '/count-min?seed=3', {}, async (page) => {
    await ready(page);
    assert.match(await byId(page, 'sizing').textContent(), /w = ⌈e\/ε⌉ = 28 .* d = ⌈ln 1\/δ⌉ = 3/);
    for (let i = 1; i <= 15; i++) {
      await byId(page, 'step').click();
      const t = await readTable(page);
      assert.deepEqual(t.rowSums, [i, i, i], 'standard update: every row counts every item');
      assert.equal(t.hits.length, 3, 'one highlighted counter per row');
      assert.equal(t.estimate, Math.min(...t.hits), 'the estimate is the smallest counter');
      assert.ok(t.mins.length >= 1 && t.mins.every((m) => m === t.estimate));
      assert.ok(t.estimate >= t.truth && t.truth >= 1, 'never below the true count');
    }
    await playUntilStep(page, 17);
    await screenshot(page, 'count-min-light');
  });
});

test('conservative update raises counters only up to the new estimate, and stays in the link', async () => {
  await withPage(session(), '/count-min?seed=3&step=200', {}, async (page) => {
    await ready(page);
    await byId(page, 'conservative').check();
    await byId(page, 'apply-params').click();
    assert.equal(await stepIndex(page), 0);
    assert.match(page.url(), /cu=1/);
    assert.match(await byId(page, 'sizing').textContent(), /conservative update/);
    for (let i = 0; i < 200; i++) await page.keyboard.press('ArrowRight');
    const t = await readTable(page);
    assert.ok(t.rowSums.every((s) => s <= 200), `rows count at most N: ${t.rowSums}`);
    assert.ok(t.rowSums.some((s) => s < 200), 'some increments were skipped');
    assert.ok(t.estimate >= t.truth);
  });
});

test('a typed item is counted and the permalink reproduces the table', async () => {
  await withPage(session(), '/count-min?seed=5&step=40', {}, async (page) => {
    await ready(page);
    await byId(page, 'item-input').fill('');
    await byId(page, 'item-add').click();
    assert.match(await byId(page, 'item-message').textContent(), /Type an item/);
    await byId(page, 'item-input').fill('cat');
    await byId(page, 'item-add').click();
    assert.equal(await stepIndex(page), 41);
    assert.match(await byId(page, 'last-item').textContent(), /'cat'/);
    assert.equal(Number(await byId(page, 'true-count').getAttribute('data-value')), 1);
    for (let i = 0; i < 9; i++) await byId(page, 'step').click();
    const snapshot = (p) => canonicalDom(p, ['cm-table', 'last-item-panel', 'heavy-hitters', 'sizing', 'position']);
    const before = await snapshot(page);
    const link = relativeUrl(page.url());
    assert.match(link, /typed=40:cat/);
    assert.match(link, /step=50/);
    await withPage(session(), link, {}, async (second) => {
      await ready(second);
      assert.equal(await snapshot(second), before);
    });
  });
});

test('the heavy hitters are listed with estimates never below their true counts', async () => {
  await withPage(session(), '/count-min?seed=1&step=500&k=5', { colorScheme: 'dark' }, async (page) => {
    await ready(page);
    const rows = await page.locator('[data-testid=heavy-hitters] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ item: tr.dataset.item, estimate: Number(tr.dataset.estimate), truth: Number(tr.dataset.truth) })));
    assert.equal(rows.length, 5);
    assert.equal(rows[0].item, 'item-1', 'the Zipf head is the top hitter');
    for (const r of rows) assert.ok(r.estimate >= r.truth, `${r.item}: ${r.estimate} >= ${r.truth}`);
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].estimate >= rows[i].estimate);
    await screenshot(page, 'count-min-dark');
  });
});

test('embed mode shows the visualization without the app chrome, on a phone', async () => {
  await withPage(session(), '/count-min?embed=1&theme=dark&step=60', { viewport: { width: 360, height: 640 } }, async (page) => {
    await ready(page);
    await assertEmbedded(page);
    await screenshot(page, 'count-min-embed-dark-phone');
  });
});

test('a malformed link names its bad values and still opens a working page', async () => {
  await withPage(session(), '/count-min?eps=0&delta=2&s=-1&cu=maybe&k=0&typed=,,9&step=x', {}, async (page) => {
    await ready(page);
    const problems = await byId(page, 'url-problems').textContent();
    for (const needle of ['eps=0', 'delta=2', 's=-1', 'cu=maybe', 'k=0', "'9'", 'step=x']) {
      assert.ok(problems.includes(needle), `the banner names ${needle}: ${problems}`);
    }
    await byId(page, 'step').click();
    assert.equal(await stepIndex(page), 1);
    assert.equal((await readTable(page)).hits.length, 3);
  });
});

test('the catalogue lists the page under Sketches', async () => {
  await withPage(session(), '/', {}, async (page) => {
    await waitForTestId(page, 'catalogue-count-min');
    const entry = byId(page, 'catalogue-count-min');
    await entry.click();
    await ready(page);
  });
});
