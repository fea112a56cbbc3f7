// The Bloom filter page end to end, against the release build in headless Chromium: stepping
// an insert sets exactly the item's cells; queries show their checked cells and false
// positives; typed items go into the permalink and come back; the counting variant removes
// and saturates; parameters start a new run; embed mode; bad URLs; the catalogue entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSession, withPage, screenshot, byId, waitForTestId, stepIndex, waitForStep, relativeUrl,
  assertEmbedded,
} from './harness.mjs';

const session = useSession();
const ready = (page) => waitForTestId(page, 'bloom-page');

async function verdict(page) {
  return byId(page, 'verdict').getAttribute('data-verdict');
}

/** The last item's hash positions, from the hash list. */
async function positions(page) {
  return page.locator('[data-testid^=hash-row-]').evaluateAll((rows) =>
    rows.map((r) => Number(r.getAttribute('data-position'))));
}

async function cell(page, i) {
  const el = byId(page, `cell-${i}`);
  return {
    value: Number(await el.getAttribute('data-value')),
    mark: await el.getAttribute('data-mark'),
    saturated: (await el.getAttribute('data-saturated')) === 'true',
  };
}

test('stepping an insert sets exactly its positions; stepping back clears them', async () => {
  await withPage(session(), '/bloom', {}, async (page) => {
    await ready(page);
    assert.equal(await byId(page, 'cell-grid').getAttribute('data-cells'), '96');
    assert.equal(await page.locator('[data-testid^=cell-][data-value="1"]').count(), 0);
    await byId(page, 'step').click();
    assert.equal(await stepIndex(page), 1);
    assert.equal(await verdict(page), 'inserted');
    const hit = await positions(page);
    assert.equal(hit.length, 3);
    const distinct = [...new Set(hit)];
    for (const p of distinct) assert.deepEqual(await cell(page, p), { value: 1, mark: 'new', saturated: false });
    assert.equal(await page.locator('[data-testid^=cell-][data-value="1"]').count(), distinct.length);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await stepIndex(page), 1);
    await byId(page, 'back').click();
    assert.equal(await stepIndex(page), 0);
    assert.equal(await verdict(page), 'none');
    assert.equal(await page.locator('[data-testid^=cell-][data-value="1"]').count(), 0);
  });
});

test('queries show the checked cells, and a false positive is marked', async () => {
  await withPage(session(), '/bloom?step=20', {}, async (page) => {
    await ready(page);
    let sawZero = false;
    for (let i = 0; i < 30 && (await verdict(page)) !== 'false-positive'; i++) {
      await page.keyboard.press('ArrowRight');
      if ((await verdict(page)) === 'definitely-not') {
        sawZero = true;
        assert.ok((await page.locator('[data-mark=checked-zero]').count()) >= 1, 'a zero cell proves absence');
        assert.match(await byId(page, 'verdict').textContent(), /definitely not/);
      }
    }
    assert.ok(sawZero, 'some query answered "definitely not" first');
    assert.equal(await verdict(page), 'false-positive');
    assert.match(await byId(page, 'verdict').textContent(), /FALSE POSITIVE/);
    for (const p of await positions(page)) {
      const c = await cell(page, p);
      assert.ok(c.value === 1 && c.mark === 'checked-set', `cell ${p} is set and checked`);
    }
    const figures = byId(page, 'fpr-figures');
    assert.ok(Number(await figures.getAttribute('data-false-positives')) >= 1);
    const measured = Number(await byId(page, 'measured-fpr').getAttribute('data-rate'));
    assert.ok(measured > 0 && measured <= 1, `measured rate ${measured}`);
    await byId(page, 'probe').click();
    const probed = Number(await byId(page, 'probe-fpr').getAttribute('data-rate'));
    const fill = Number(await byId(page, 'fill-fpr').getAttribute('data-rate'));
    assert.ok(Math.abs(probed - fill) < 0.05, `probe ${probed} near (ones/m)^k = ${fill}`);
    await screenshot(page, 'bloom-light');
    // Playing to the end at 100× reaches every operation.
    await byId(page, 'speed').fill('2');
    await byId(page, 'play').click();
    await waitForStep(page, 50);
    assert.equal(await stepIndex(page), 50);
    assert.equal(Number(await figures.getAttribute('data-negatives')), 30);
  });
});

test('a typed item is inserted and queried, and the permalink brings it back', async () => {
  await withPage(session(), '/bloom?seed=3&step=5', {}, async (page) => {
    await ready(page);
    const item = 'hello, world~';
    await byId(page, 'item-input').fill(item);
    assert.match(await byId(page, 'typed-preview').textContent(), /hello, world~/);
    const previewed = await page.locator('[data-preview=true]').count();
    assert.ok(previewed >= 1 && previewed <= 3, `${previewed} cells outlined`);
    await byId(page, 'item-insert').click();
    assert.equal(await stepIndex(page), 6);
    assert.equal(await verdict(page), 'inserted');
    for (const p of await positions(page)) assert.equal((await cell(page, p)).value, 1);
    await byId(page, 'item-query').click();
    assert.equal(await verdict(page), 'true-positive');
    const link = page.url();
    assert.match(link, /at=5/);
    assert.match(link, /ops=i\.hello~2C~20world~7E,q\.hello~2C~20world~7E/);
    await byId(page, 'item-input').fill(''); // the typed item's outline is not part of the run
    const grid = await byId(page, 'cell-grid').innerHTML();
    const text = await byId(page, 'verdict').textContent();
    await withPage(session(), relativeUrl(link), {}, async (second) => {
      await ready(second);
      assert.equal(await stepIndex(second), 7);
      assert.equal(await byId(second, 'verdict').textContent(), text);
      assert.equal(await byId(second, 'cell-grid').innerHTML(), grid);
      assert.equal(await byId(second, 'url-problems').count(), 0);
    });
    // An overlong item is refused with a message and changes nothing.
    await byId(page, 'item-input').fill('x'.repeat(65));
    await byId(page, 'item-insert').click();
    assert.match(await byId(page, 'item-message').textContent(), /at most 64/);
    assert.equal(await stepIndex(page), 7);
  });
});

test('the counting variant removes items and marks saturated counters', async () => {
  await withPage(session(), '/bloom?m=32&k=2&n=4&q=0', { colorScheme: 'dark' }, async (page) => {
    await ready(page);
    assert.equal(await byId(page, 'item-remove').count(), 0, 'no Remove for plain bits');
    await byId(page, 'variant-counting').click();
    assert.match(page.url(), /variant=counting/);
    await byId(page, 'item-input').fill('hot');
    for (let i = 0; i < 16; i++) await byId(page, 'item-insert').click();
    const hot = await positions(page);
    for (const p of hot) assert.equal((await cell(page, p)).saturated, true);
    assert.match(await byId(page, 'saturated-count').textContent(), /saturated/);
    await byId(page, 'item-input').fill('cold');
    await byId(page, 'item-insert').click();
    const cold = await positions(page);
    const before = await Promise.all(cold.map((p) => cell(page, p)));
    await byId(page, 'item-remove').click();
    assert.equal(await verdict(page), 'removed');
    for (const [i, p] of cold.entries()) {
      const after = await cell(page, p);
      const expected = before[i].saturated ? 15 : before[i].value - cold.filter((q) => q === p).length;
      assert.equal(after.value, expected, `counter ${p}`);
    }
    await screenshot(page, 'bloom-counting-dark');
    // Back to plain: the removal is dropped, the inserts stay.
    await byId(page, 'variant-plain').click();
    assert.doesNotMatch(page.url(), /ops=[^&]*[rd]\./);
    assert.equal(await verdict(page), 'inserted');
  });
});

test('new parameters start a new run; the optimal k hint', async () => {
  await withPage(session(), '/bloom', {}, async (page) => {
    await ready(page);
    await byId(page, 'param-m').fill('256');
    await byId(page, 'param-m').dispatchEvent('change');
    await byId(page, 'param-n').fill('40');
    await byId(page, 'param-n').dispatchEvent('change');
    assert.match(await byId(page, 'optimal-k').textContent(), /= 4\b/);
    await byId(page, 'use-optimal-k').click();
    await byId(page, 'apply-params').click();
    assert.equal(await byId(page, 'cell-grid').getAttribute('data-cells'), '256');
    assert.equal(await stepIndex(page), 0);
    assert.match(page.url(), /m=256&k=4&n=40/);
    await byId(page, 'step').click();
    assert.equal((await positions(page)).length, 4);
    // The seed field every page shares, and a new random seed starting a run at once.
    await byId(page, 'seed').fill('5');
    await byId(page, 'seed').dispatchEvent('change');
    await byId(page, 'apply-params').click();
    assert.match(page.url(), /seed=5&step=0/);
    await byId(page, 'random-seed').click();
    const seed = new URL(page.url()).searchParams.get('seed');
    assert.notEqual(seed, '5', 'a fresh seed');
    assert.equal(await stepIndex(page), 0);
    assert.equal(await byId(page, 'seed').inputValue(), seed);
  });
});

test('embed mode shows the page without the app chrome, in the chosen theme', async () => {
  await withPage(session(), '/bloom?embed=1&theme=dark&step=12', { viewport: { width: 360, height: 640 } }, async (page) => {
    await ready(page);
    await assertEmbedded(page);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.match(page.url(), /embed=1/);
    await screenshot(page, 'bloom-embed-dark-phone');
  });
});

test('a malformed URL shows what was wrong and a working page', async () => {
  await withPage(session(), '/bloom?m=99999&k=zero&variant=huge&ops=nonsense,i.~ZZ', {}, async (page) => {
    await ready(page);
    const message = await byId(page, 'url-problems').textContent();
    for (const named of ['m=99999', 'k=zero', 'variant=huge', 'nonsense', '~ZZ']) {
      assert.ok(message.includes(named), `${named} in: ${message}`);
    }
    assert.equal(await byId(page, 'cell-grid').getAttribute('data-cells'), '96');
    await page.keyboard.press('ArrowRight');
    assert.equal(await stepIndex(page), 1);
    assert.equal(await verdict(page), 'inserted');
    await byId(page, 'dismiss-problems').click();
    assert.equal(await byId(page, 'url-problems').count(), 0);
  });
});

test('the catalogue lists the Bloom filter under Sketches and links to it', async () => {
  await withPage(session(), '/', { colorScheme: 'dark' }, async (page) => {
    await waitForTestId(page, 'catalogue-bloom');
    const entry = byId(page, 'catalogue-bloom');
    assert.ok(await page.getByRole('heading', { name: 'Sketches' }).isVisible());
    await entry.click();
    await ready(page);
    await page.keyboard.press(' ');
    await page.waitForTimeout(1500);
    await page.keyboard.press(' ');
    assert.ok((await stepIndex(page)) >= 1);
    await screenshot(page, 'bloom-dark');
  });
});
