// The cuckoo and quotient filter pages end to end, against the release build in headless
// Chromium: an inserted item lands in one of its candidate buckets (cuckoo) or at or after its
// canonical slot with the metadata bits the layout demands (quotient); typed items are
// inserted, queried and deleted at the cursor; a full cuckoo table shows its whole kick chain;
// permalinks reproduce the picture; embed mode, reduced motion, bad URLs, the catalogue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSession, withPage, screenshot, byId, waitForTestId, stepIndex, playUntilStep, relativeUrl,  assertEmbedded,
} from './harness.mjs';

const session = useSession();
const ready = (page, stem) => waitForTestId(page, `${stem}-page`);

async function stored(page) {
  return Number(await byId(page, 'load').getAttribute('data-stored'));
}

/** Every cuckoo slot as { bucket, slot, fp, mark }, and each bucket's candidate label. */
async function cuckooTable(page) {
  return page.evaluate(() => ({
    slots: [...document.querySelectorAll('[data-testid^=cuckoo-slot-]')].map((el) => {
      const [, bucket, slot] = el.dataset.testid.match(/cuckoo-slot-(\d+)-(\d+)/);
      return { bucket: Number(bucket), slot: Number(slot), fp: el.dataset.fp, mark: el.dataset.mark };
    }),
    candidates: [...document.querySelectorAll('[data-testid^=cuckoo-bucket-]')]
      .filter((el) => el.dataset.candidate)
      .map((el) => Number(el.dataset.testid.replace('cuckoo-bucket-', ''))),
  }));
}

/** Every quotient slot as { index, remainder, quotient, occupied, continuation, shifted, mark, canonical }. */
async function quotientTable(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid^=qf-slot-]')].map((el) => ({
      index: Number(el.dataset.testid.replace('qf-slot-', '')),
      remainder: el.dataset.remainder,
      quotient: el.dataset.quotient === '' ? null : Number(el.dataset.quotient),
      occupied: el.dataset.occupied === '1',
      continuation: el.dataset.continuation === '1',
      shifted: el.dataset.shifted === '1',
      mark: el.dataset.mark,
      canonical: el.dataset.canonical === '1',
    })));
}

async function typeAnd(page, item, action) {
  await byId(page, 'item-input').fill(item);
  await byId(page, `item-${action}`).click();
}

test('catalogue lists both filter pages under Sketches and links to them', async () => {
  await withPage(session(), '/', {}, async (page) => {
    await waitForTestId(page, 'catalogue');
    const sketches = page.locator('h2', { hasText: 'Sketches' });
    assert.equal(await sketches.count(), 1);
    assert.equal(await byId(page, 'catalogue-cuckoo').getAttribute('href'), '/cuckoo');
    assert.equal(await byId(page, 'catalogue-quotient').getAttribute('href'), '/quotient');
    await byId(page, 'catalogue-quotient').click();
    await ready(page, 'quotient');
  });
});

test('cuckoo: each inserted fingerprint lands in one of its two candidate buckets', async () => {
  await withPage(session(), '/cuckoo?seed=4&step=0', {}, async (page) => {
    await ready(page, 'cuckoo');
    assert.equal(await stored(page), 0);
    let sawKicks = false;
    for (let i = 1; i <= 28; i++) { // the default script inserts 28 items, then queries
      await byId(page, 'step').click();
      assert.equal(await stepIndex(page), i);
      const { slots, candidates } = await cuckooTable(page);
      assert.ok(candidates.length >= 1 && candidates.length <= 2, 'one or two candidate buckets');
      const ended = slots.filter((s) => s.mark === 'placed' || s.mark === 'moved');
      const full = await byId(page, 'full').count();
      if (full) break;
      assert.equal(ended.length, 1, `step ${i}: one slot shows where the insert ended`);
      const kicks = await byId(page, 'kick-chain').count();
      if (ended[0].mark === 'placed') {
        assert.equal(kicks, 0);
        assert.ok(candidates.includes(ended[0].bucket), `step ${i}: placed in a candidate bucket`);
      } else {
        sawKicks = true;
        const from = Number(await page.locator('[data-testid^=kick-arc-]').last().getAttribute('data-to'));
        const chain = Number(await byId(page, 'kick-chain').getAttribute('data-kicks'));
        if (chain <= 12) assert.equal(from, ended[0].bucket, 'the last arrow points where the chain ended');
      }
      assert.equal(slots.filter((s) => s.fp !== '').length, await stored(page), 'filled slots = stored');
    }
    assert.ok(sawKicks, 'a 32-slot table filled with 28 items needs kicks');
    await screenshot(page, 'cuckoo-kicks-light');
  });
});

test('cuckoo: a typed item is inserted, found, deleted; the link reproduces it all', async () => {
  await withPage(session(), '/cuckoo?seed=2&items=12&queries=0', {}, async (page) => {
    await ready(page, 'cuckoo');
    const before = await stored(page);
    await typeAnd(page, 'my-item', 'insert');
    assert.equal(await stored(page), before + 1);
    await typeAnd(page, 'my-item', 'query');
    assert.equal(await byId(page, 'verdict').getAttribute('data-verdict'), 'maybe-member');
    const { slots } = await cuckooTable(page);
    assert.equal(slots.filter((s) => s.mark === 'found').length, 1, 'the match is marked');
    await typeAnd(page, 'never-seen-1', 'query');
    assert.match(await byId(page, 'verdict').getAttribute('data-verdict'), /^(definitely-not|false-positive)$/);
    await typeAnd(page, 'my-item', 'delete');
    assert.equal(await stored(page), before);
    await byId(page, 'back').click();
    const link = relativeUrl(page.url());
    assert.match(link, /ops=i\.my-item,q\.my-item,q\.never-seen-1,r\.my-item/);
    const table = await cuckooTable(page);
    const step = await stepIndex(page);
    await withPage(session(), link, {}, async (second) => {
      await ready(second, 'cuckoo');
      assert.equal(await stepIndex(second), step);
      assert.deepEqual(await cuckooTable(second), table);
      assert.equal(await byId(second, 'last-op-text').textContent(), await byId(page, 'last-op-text').textContent());
      assert.equal(await stored(second), before + 1);
    });
  });
});

test('cuckoo: empty and overlong items are refused with a message; any other text is an item', async () => {
  await withPage(session(), '/cuckoo', {}, async (page) => {
    await ready(page, 'cuckoo');
    const step = await stepIndex(page);
    await typeAnd(page, 'x'.repeat(65), 'insert');
    assert.match(await byId(page, 'item-message').textContent(), /at most 64/);
    await typeAnd(page, '   ', 'query');
    assert.match(await byId(page, 'item-message').textContent(), /Type an item/);
    assert.equal(await stepIndex(page), step, 'nothing was added');
    await typeAnd(page, 'a, b', 'insert');
    assert.equal(await byId(page, 'item-message').textContent(), '');
    assert.equal(await stepIndex(page), step + 1);
    assert.match(page.url(), /ops=i\.a~2C~20b/);
  });
});

test('cuckoo: filling until the first failure shows the whole kick chain and "full"', async () => {
  await withPage(session(), '/cuckoo?seed=1&fill=1&kicks=40&queries=2&step=0', {}, async (page) => {
    await ready(page, 'cuckoo');
    let guard = 0;
    while ((await byId(page, 'full').count()) === 0) {
      assert.ok(guard++ < 80, 'the table fills');
      await page.keyboard.press('ArrowRight');
    }
    assert.equal(await byId(page, 'kick-chain').getAttribute('data-kicks'), '40', 'the bound of 40 kicks was used up');
    assert.equal(await page.locator('[data-testid^=kick-arc-]').count(), 12, 'the first 12 kicks are drawn');
    assert.match(await byId(page, 'last-op-text').textContent(), /Full/);
    assert.equal(await byId(page, 'refused').textContent(), '1 · 0');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.reload();
    await ready(page, 'cuckoo');
    assert.equal(await byId(page, 'full').count(), 1, 'the reload keeps the step');
    assert.equal(await byId(page, 'cuckoo-table').getAttribute('class'), 'cuckoo-table', 'no animation with reduced motion');
    await screenshot(page, 'cuckoo-full-light');
  });
});

test('quotient: remainders land at or after their canonical slot, with consistent bits', async () => {
  await withPage(session(), '/quotient?seed=5&step=0', {}, async (page) => {
    await ready(page, 'quotient');
    for (let i = 1; i <= 24; i++) {
      await byId(page, 'step').click();
      const slots = await quotientTable(page);
      assert.equal(slots.length, 32);
      const landed = slots.filter((s) => s.mark === 'landed');
      assert.equal(landed.length, 1, `step ${i}: one slot shows where the remainder landed`);
      const canonical = slots.filter((s) => s.canonical);
      assert.equal(canonical.length, 1);
      assert.equal(landed[0].quotient, canonical[0].index, 'the new remainder belongs to its quotient');
      assert.ok(canonical[0].occupied, 'is_occupied is set at the canonical slot');
      for (const s of slots) {
        if (s.remainder === '') {
          assert.ok(!s.continuation && !s.shifted, `slot ${s.index}: an empty slot has no run bits`);
        } else {
          assert.equal(s.shifted, s.quotient !== s.index, `slot ${s.index}: is_shifted iff away from its quotient`);
        }
      }
      const quotients = new Set(slots.filter((s) => s.quotient !== null).map((s) => s.quotient));
      assert.equal(slots.filter((s) => s.occupied).length, quotients.size, 'one is_occupied bit per stored quotient');
      assert.equal(slots.filter((s) => s.remainder !== '').length, await stored(page));
    }
    await screenshot(page, 'quotient-light');
  });
});

test('quotient: typed queries scan the run; play advances; back and forward restore the DOM', async () => {
  await withPage(session(), '/quotient?seed=3', {}, async (page) => {
    await ready(page, 'quotient');
    await typeAnd(page, 'probe-me', 'insert');
    const slots = await quotientTable(page);
    const landed = slots.find((s) => s.mark === 'landed');
    await typeAnd(page, 'probe-me', 'query');
    assert.equal(await byId(page, 'verdict').getAttribute('data-verdict'), 'maybe-member');
    const after = await quotientTable(page);
    assert.ok(after.some((s) => s.mark === 'found' && s.quotient === landed.quotient));
    const snapshot = () => byId(page, 'quotient-table').innerHTML();
    const here = await snapshot();
    for (let i = 0; i < 5; i++) await byId(page, 'back').click();
    assert.notEqual(await snapshot(), here);
    for (let i = 0; i < 5; i++) await byId(page, 'step').click();
    assert.equal(await snapshot(), here);
    await page.goto(new URL('/quotient?seed=3&step=0', session().baseUrl).href);
    await ready(page, 'quotient');
    await byId(page, 'speed').fill('1');
    await playUntilStep(page, 5, 30_000);
  });
});

test('a new run from the parameters form changes the table and the link', async () => {
  await withPage(session(), '/cuckoo', {}, async (page) => {
    await ready(page, 'cuckoo');
    await byId(page, 'buckets').selectOption('16');
    await byId(page, 'apply-params').click();
    assert.equal(await page.locator('[data-testid^=cuckoo-bucket-]').count(), 16);
    assert.match(page.url(), /buckets=16/);
  });
  await withPage(session(), '/quotient', {}, async (page) => {
    await ready(page, 'quotient');
    await byId(page, 'quotient-bits').selectOption('4');
    await byId(page, 'apply-params').click();
    assert.equal(await page.locator('[data-testid^=qf-slot-]').count(), 16);
    assert.match(page.url(), /q=4/);
  });
});

for (const stem of ['cuckoo', 'quotient']) {
  test(`${stem}: a malformed URL names each bad value and the page still works`, async () => {
    const bad = stem === 'cuckoo' ? '?buckets=12&bits=x&ops=i.ok,zzz' : '?q=99&r=0&ops=i.ok,zzz';
    await withPage(session(), `/${stem}${bad}`, {}, async (page) => {
      await ready(page, stem);
      const problems = await byId(page, 'url-problems').textContent();
      for (const part of bad.slice(1).split('&').slice(0, 2)) assert.ok(problems.includes(part), `names ${part}`);
      assert.ok(problems.includes("'zzz'"));
      const step = await stepIndex(page);
      await byId(page, 'back').click();
      assert.equal(await stepIndex(page), step - 1);
    });
  });

  test(`${stem}: embed mode shows the picture without the app chrome, at 360 px`, async () => {
    await withPage(session(), `/${stem}?embed=1&theme=dark`, { viewport: { width: 360, height: 700 } }, async (page) => {
      await ready(page, stem);
      await byId(page, 'item-form').waitFor({ state: 'visible' });
      await assertEmbedded(page);
      assert.match(page.url(), /embed=1/);
      await screenshot(page, `${stem}-embed-dark-phone`);
    });
  });

  test(`${stem}: light and dark screenshots`, async () => {
    for (const colorScheme of ['light', 'dark']) {
      await withPage(session(), `/${stem}?seed=1`, { colorScheme }, async (page) => {
        await ready(page, stem);
        await page.waitForTimeout(200);
        await screenshot(page, `${stem}-${colorScheme}`);
      });
    }
  });
}
