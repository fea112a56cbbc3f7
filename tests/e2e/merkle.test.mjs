// The Merkle page end to end, against the release build in headless Chromium: edit a block and
// see its path differ; play the diff and check it descends only where hashes differ; step back and
// forward to the identical DOM; reopen the permalink; verify and tamper with an inclusion proof;
// unbalanced sizes; embed mode at 320 px; bad URLs; the catalogue entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSession, withPage, screenshot, byId, waitForTestId, stepIndex, relativeUrl, assertEmbedded } from './harness.mjs';

const session = useSession();
const node = (page, side, start, end) => byId(page, `node-${side}-${start}-${end}`);
const attr = (page, side, start, end, name) => node(page, side, start, end).getAttribute(`data-${name}`);
const ready = (page) => waitForTestId(page, 'merkle-page');
const comparisons = async (page) => Number(await byId(page, 'comparisons').textContent());
const total = async (page) => Number(await byId(page, 'comparisons-total').textContent());
const trees = (page) => page.evaluate(() =>
  ['tree-a', 'tree-b', 'status-line', 'diff-log']
    .map((id) => document.querySelector(`[data-testid=${id}]`)?.outerHTML ?? `missing ${id}`)
    .join('\n'));

test('an edit marks its path; playing the diff descends only where hashes differ', async () => {
  await withPage(session(), '/merkle?n=8&seed=1&edits=', {}, async (page) => {
    await ready(page);
    assert.equal(await total(page), 1, 'identical replicas: one comparison of the roots');
    assert.equal(await attr(page, 'a', 0, 8, 'differs'), 'false');
    const rootBefore = await byId(page, 'root-b').textContent();

    await byId(page, 'edit-side').selectOption('b');
    await byId(page, 'edit-index').selectOption('5');
    await byId(page, 'edit-text').fill('hello');
    await byId(page, 'apply-edit').click();
    assert.notEqual(await byId(page, 'root-b').textContent(), rootBefore, 'B\'s root changed');
    assert.equal(await byId(page, 'root-a').textContent(), rootBefore, 'A\'s root did not');
    for (const [s, e] of [[0, 8], [4, 8], [4, 6], [5, 6]]) {
      assert.equal(await attr(page, 'a', s, e, 'differs'), 'true', `[${s},${e}) differs`);
      assert.equal(await attr(page, 'a', s, e, 'walk'), 'pending');
    }
    for (const [s, e] of [[0, 4], [6, 8], [4, 5]]) {
      assert.equal(await attr(page, 'b', s, e, 'differs'), 'false', `[${s},${e}) agrees`);
    }
    assert.match(await node(page, 'b', 5, 6).textContent(), /hello/);
    assert.equal(await stepIndex(page), 1);
    assert.equal(await total(page), 7);

    // One step: the roots are compared.
    await byId(page, 'step').click();
    assert.equal(await comparisons(page), 1);
    assert.equal(await attr(page, 'a', 0, 8, 'visit'), '1');
    assert.equal(await attr(page, 'a', 0, 8, 'walk'), 'differs');

    await byId(page, 'speed').fill('2'); // 100×
    await byId(page, 'play').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=comparisons]')?.textContent === '7', null, { timeout: 10_000 });
    assert.equal(await byId(page, 'found-leaves').textContent(), '5');
    assert.equal(await attr(page, 'a', 0, 4, 'walk'), 'equal');
    assert.equal(await attr(page, 'a', 0, 4, 'visit'), '2');
    for (const [s, e] of [[0, 2], [2, 4], [3, 4], [6, 7], [7, 8]]) {
      assert.equal(await attr(page, 'a', s, e, 'walk'), 'skipped', `[${s},${e}) skipped`);
      assert.equal(await attr(page, 'a', s, e, 'visit'), '');
    }
    assert.equal(await attr(page, 'b', 5, 6, 'visit'), '6');
    assert.equal(await attr(page, 'b', 4, 5, 'walk'), 'equal');
    assert.equal(await page.locator('[data-testid^=diff-row-]').count(), 7);
    assert.match(await byId(page, 'naive').textContent(), /7 comparisons where a block-by-block check makes 8/);
    await screenshot(page, 'merkle-light');
  });
});

test('stepping back and forward restores the identical picture; the permalink reproduces it', async () => {
  await withPage(session(), '/merkle?n=13&seed=5&edits=a.2.left,b.11.right', {}, async (page) => {
    await ready(page);
    await byId(page, 'step').click();
    await byId(page, 'step').click();
    await byId(page, 'step').click();
    await byId(page, 'step').click();
    const before = await trees(page);
    for (let i = 0; i < 3; i++) await byId(page, 'back').click();
    assert.notEqual(await trees(page), before);
    for (let i = 0; i < 3; i++) await byId(page, 'step').click();
    assert.equal(await trees(page), before);

    await node(page, 'a', 11, 12).click();
    const link = new URL(page.url());
    assert.equal(link.searchParams.get('step'), '6');
    assert.equal(link.searchParams.get('proof'), 'a.11');
    assert.match(link.search, /edits=a\.2\.left,b\.11\.right/);
    const picture = await trees(page);
    const verdict = await byId(page, 'proof-verdict').textContent();
    await withPage(session(), relativeUrl(link), {}, async (second) => {
      await ready(second);
      assert.equal(await stepIndex(second), 6);
      assert.equal(await trees(second), picture);
      assert.equal(await byId(second, 'proof-verdict').textContent(), verdict);
    });
  });
});

test('an inclusion proof is the sibling path, verifies, and fails when tampered with', async () => {
  await withPage(session(), '/merkle?n=7&seed=2', { colorScheme: 'dark' }, async (page) => {
    await ready(page);
    // Unbalanced: seven leaves split 4 + 3, then 2 + 1.
    for (const [s, e] of [[0, 7], [0, 4], [4, 7], [4, 6], [6, 7]]) await node(page, 'a', s, e).waitFor();
    assert.equal(await node(page, 'a', 6, 8).count(), 0);

    await node(page, 'a', 2, 3).click();
    const verdict = byId(page, 'proof-verdict');
    assert.equal(await verdict.getAttribute('data-ok'), 'true');
    assert.match(await verdict.textContent(), /verified ✔/);
    assert.equal(await page.locator('[data-testid^=proof-row-]').count(), 3);
    assert.equal(await attr(page, 'a', 2, 3, 'proof'), 'leaf');
    for (const [s, e] of [[3, 4], [0, 2], [4, 7]]) {
      assert.equal(await attr(page, 'a', s, e, 'proof'), 'sibling', `[${s},${e}) is a proof hash`);
    }
    for (const [s, e] of [[2, 4], [0, 4], [0, 7]]) {
      assert.equal(await attr(page, 'a', s, e, 'proof'), 'path', `[${s},${e}) is recomputed`);
    }
    // The listed hashes are the drawn siblings' hashes, deepest first.
    const listed = await page.locator('[data-testid^=proof-row-] code').allTextContents();
    const drawn = await Promise.all([[3, 4], [0, 2], [4, 7]].map(([s, e]) => attr(page, 'a', s, e, 'hash')));
    drawn.forEach((hash, i) => assert.ok(listed[i].startsWith(hash.slice(0, 16)), `row ${i}`));

    await byId(page, 'tamper-1').click();
    assert.equal(await verdict.getAttribute('data-ok'), 'false');
    assert.match(await verdict.textContent(), /verification failed ✘/);
    assert.match(page.url(), /tamper=1/);
    await screenshot(page, 'merkle-proof-dark');
    await byId(page, 'tamper-1').click();
    assert.equal(await verdict.getAttribute('data-ok'), 'true');

    // A bad block text is refused with a reason, and nothing changes.
    const step = await stepIndex(page);
    await byId(page, 'edit-text').fill('a,b');
    await byId(page, 'apply-edit').click();
    assert.match(await byId(page, 'edit-error').textContent(), /','/);
    assert.equal(await stepIndex(page), step);
  });
});

test('embed mode at 320 px: no app chrome, wide trees scroll inside their box', async () => {
  await withPage(session(), '/merkle?embed=1&n=32&seed=3', { viewport: { width: 320, height: 640 } }, async (page) => {
    await ready(page);
    await assertEmbedded(page);
    const scrolls = await page.evaluate(() => {
      const box = document.querySelector('[data-testid=replica-a] .merkle-scroll');
      return box.scrollWidth > box.clientWidth;
    });
    assert.ok(scrolls, 'the 32-block tree scrolls horizontally');
    await byId(page, 'play').click();
    await page.waitForTimeout(1500);
    await byId(page, 'play').click();
    assert.ok((await comparisons(page)) >= 1);
    await screenshot(page, 'merkle-embed-phone');
  });
});

test('a malformed URL names each bad value and still gives a working page', async () => {
  await withPage(session(), '/merkle?n=99&seed=x&edits=c.1.x,a.9.y,b.3.ok&step=zz&proof=a.40', {}, async (page) => {
    await ready(page);
    const message = await byId(page, 'url-problems').textContent();
    for (const named of ['n=99', 'seed=x', "side 'c'", 'block 9', 'step=zz', 'proof=a.40']) {
      assert.ok(message.includes(named), `${named} in: ${message}`);
    }
    assert.equal(await node(page, 'a', 0, 8).count(), 1, 'the default 8 blocks');
    assert.equal(await attr(page, 'b', 3, 4, 'differs'), 'true', 'the good edit was kept');
    await page.keyboard.press('ArrowRight');
    assert.equal(await comparisons(page), 1);
    await byId(page, 'dismiss-problems').click();
    assert.equal(await byId(page, 'url-problems').count(), 0);
  });
});

test('the catalogue lists the Merkle page under Integrity and links to it', async () => {
  await withPage(session(), '/', {}, async (page) => {
    await waitForTestId(page, 'catalogue-merkle');
    const entry = byId(page, 'catalogue-merkle');
    assert.ok(await page.locator('h2', { hasText: 'Integrity' }).count() >= 1);
    await entry.click();
    await ready(page);
    assert.equal(await attr(page, 'a', 0, 8, 'differs'), 'true', 'a new run starts with one edit');
  });
});

test('start a new run from the parameters form', async () => {
  await withPage(session(), '/merkle', {}, async (page) => {
    await ready(page);
    await byId(page, 'blocks').selectOption('5');
    await byId(page, 'seed').fill('77');
    await byId(page, 'seed').dispatchEvent('change');
    await byId(page, 'apply-params').click();
    assert.equal(await node(page, 'a', 0, 5).count(), 1);
    assert.equal(await node(page, 'a', 4, 5).count(), 1);
    const link = new URL(page.url());
    assert.equal(link.searchParams.get('n'), '5');
    assert.equal(link.searchParams.get('seed'), '77');
  });
});
