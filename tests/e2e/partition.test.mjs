// The partitioning pages end to end, against the release build in headless Chromium: add a node
// on the hash ring and see the moved keys highlighted and counted; switch scheme on the same keys;
// a key's replicas; a hot range splits as the Zipf workload plays; a node added mid-run takes
// ranges; the balls-into-bins histogram and the many-seeds experiment; permalinks, embed mode,
// bad URLs. Every test fails on any console error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSession, withPage, screenshot, byId, waitForTestId, stepIndex, relativeUrl, assertEmbedded } from './harness.mjs';

const session = useSession();
const number = async (page, id) => Number(await byId(page, id).textContent());

test('hash ring: adding a node highlights and counts the moved keys against K/N', async () => {
  await withPage(session(), '/hash-ring?keys=200&nodes=4&seed=3', {}, async (page) => {
    await waitForTestId(page, 'hash-ring');
    assert.equal(await byId(page, 'hash-ring').getAttribute('data-moved'), '0');
    assert.equal(await page.locator('[data-testid^=key-][data-moved=true]').count(), 0);
    await byId(page, 'add-node').click();
    const moved = await number(page, 'moved-count');
    assert.ok(moved > 0 && moved < 120, `moved ${moved} of 200`);
    assert.equal(await byId(page, 'expected-count').textContent(), '40');
    assert.equal(await page.locator('[data-testid^=key-][data-moved=true]').count(), moved);
    for (const key of await page.locator('[data-testid^=key-][data-moved=true]').all()) {
      assert.equal(await key.getAttribute('data-owner'), '4', 'a join moves keys only to the newcomer');
    }
    assert.equal(await page.locator('[data-testid=load-histogram] rect[data-node]').count(), 5);
    await screenshot(page, 'hash-ring-light');

    // The same change under rendezvous hashing, on the same keys.
    await byId(page, 'scheme-hrw').click();
    assert.equal(await byId(page, 'hash-ring').locator('.ring-token').count(), 0);
    assert.ok((await number(page, 'moved-count')) > 0);
    // Bounded loads: no node above the cap.
    await byId(page, 'scheme-bounded').click();
    await byId(page, 'c').selectOption('1.1');
    const loads = await page.locator('[data-testid=load-histogram] rect[data-node]').evaluateAll(
      (bars) => bars.map((b) => Number(b.getAttribute('data-load'))));
    assert.ok(Math.max(...loads) <= Math.ceil(1.1 * 200 / 5), `loads ${loads}`);

    await byId(page, 'key-7').dispatchEvent('click'); // dots may overlap; the click is what matters
    assert.equal(await byId(page, 'preference-list').locator('[data-node]').count(), 3);
    const link = new URL(page.url());
    assert.equal(link.searchParams.get('scheme'), 'bounded');
    assert.equal(link.searchParams.get('key'), '7');
    const picture = await byId(page, 'hash-ring').evaluate((el) => el.outerHTML);
    await withPage(session(), relativeUrl(link), {}, async (second) => {
      await waitForTestId(second, 'hash-ring');
      assert.equal(await byId(second, 'hash-ring').evaluate((el) => el.outerHTML), picture);
    });
  });
});

test('range partitioning: the Zipf workload makes a hot range that splits', async () => {
  await withPage(session(), '/range-partitioning', { colorScheme: 'dark' }, async (page) => {
    await waitForTestId(page, 'key-bar');
    assert.equal(await number(page, 'range-count'), 1);
    await byId(page, 'speed').fill('1'); // 10×
    await byId(page, 'play').click();
    await page.waitForFunction(() =>
      Number(document.querySelector('[data-testid=split-count]')?.textContent) >= 3, null, { timeout: 10_000 });
    await byId(page, 'play').click();
    const ranges = await number(page, 'range-count');
    assert.ok(ranges >= 4, `${ranges} ranges`);
    assert.equal(await page.locator('rect[data-testid^=range-]').count(), ranges);
    const hot = page.locator('rect[data-testid^=range-][data-hot=true]').first();
    assert.ok(Number(await hot.getAttribute('data-start')) < 10, 'the hot range holds the lowest keys');
    await screenshot(page, 'range-partitioning-dark');

    const step = await stepIndex(page);
    await byId(page, 'add-node').click();
    assert.equal(await stepIndex(page), step + 1);
    assert.match(await byId(page, 'range-step').textContent(), /node 3 joined/);
    assert.match(new URL(page.url()).searchParams.get('changes'), new RegExp(`^${step}\\.a$`));
    assert.equal(await page.locator('[data-testid=node-loads] rect[data-node]').count(), 4);
  });
});

test('balls into bins: the histogram against the fluid limit, and the many-seeds experiment', async () => {
  await withPage(session(), '/balls-into-bins?n=40&d=2&exp-n=1000&trials=20', {}, async (page) => {
    await waitForTestId(page, 'bins');
    await byId(page, 'step').click();
    assert.equal(await number(page, 'ball-count'), 1);
    assert.match(await byId(page, 'throw-line').textContent(), /looked at bins \d+, \d+ and joined bin \d+/);
    assert.equal(await page.locator('[data-testid^=bin-].candidate').count() >= 1, true);
    await byId(page, 'scrubber').fill('40');
    assert.equal(await number(page, 'ball-count'), 40);
    const bars = page.locator('[data-testid=profile-chart] rect[data-level]');
    assert.ok((await bars.count()) >= 4);
    const first = Number(await bars.first().getAttribute('data-fraction'));
    const fluid = Number(await page.locator('[data-testid=profile-chart] circle[data-level="1"]').getAttribute('data-fraction'));
    assert.ok(Math.abs(fluid - Math.tanh(1)) < 1e-6, `s1 = tanh 1 for d = 2, got ${fluid}`);
    assert.ok(Math.abs(first - fluid) < 0.2, `measured ${first} near ${fluid}`);

    await byId(page, 'run-experiment').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=experiment-table]')?.dataset.done === 'true', null, { timeout: 20_000 });
    const mean = async (d) => Number(await byId(page, `experiment-d${d}`).getAttribute('data-mean'));
    assert.ok((await mean(1)) > (await mean(2)), 'two choices lower the maximum');
    assert.ok((await mean(2)) >= (await mean(3)));
    await screenshot(page, 'balls-into-bins-light');
  });
});

test('embed mode at 390 px and bad links', async () => {
  for (const path of ['/hash-ring', '/range-partitioning', '/balls-into-bins']) {
    await withPage(session(), `${path}?embed=1`, { viewport: { width: 390, height: 844 } }, async (page) => {
      await waitForTestId(page, 'player-controls');
      await assertEmbedded(page);
    });
  }
  await withPage(session(), '/hash-ring?nodes=0&scheme=chord&ops=zz', {}, async (page) => {
    await waitForTestId(page, 'url-problems');
    const text = await byId(page, 'url-problems').textContent();
    for (const bad of ['nodes=0', 'scheme=chord', 'zz']) assert.ok(text.includes(bad), `names ${bad}`);
    await waitForTestId(page, 'hash-ring');
  });
  await withPage(session(), '/balls-into-bins?n=99999&d=x', {}, async (page) => {
    await waitForTestId(page, 'url-problems');
    assert.equal(await page.locator('[data-testid^=bin-]').count(), 40);
  });
});
