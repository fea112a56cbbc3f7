// The Raft page end to end, against the release build in headless Chromium: play until a
// leader is elected, crash it from the UI, watch a new leader take a higher term; step back
// and forward to the identical DOM; reopen the permalink; embed mode; keyboard; bad URLs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, withPage, screenshot } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const byId = (page, id) => page.getByTestId(id);

async function ready(page) {
  await byId(page, 'sim-page').waitFor({ state: 'visible', timeout: 15_000 });
}

async function stepIndex(page) {
  return Number(await byId(page, 'step-index').textContent());
}

async function leaderOf(page) {
  const value = await byId(page, 'leader').getAttribute('data-value');
  return value === 'none' ? null : Number(value);
}

async function termOf(page, node) {
  // The state table's row for the node: server (a row header), status, role, term, …
  const cells = page.locator(`[data-testid=state-table] tbody tr:nth-child(${node + 1}) > *`);
  return Number(await cells.nth(3).textContent());
}

async function playUntil(page, predicate, what, timeout = 20_000) {
  await byId(page, 'play').click();
  const deadline = Date.now() + timeout;
  while (!(await predicate())) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await page.waitForTimeout(50);
  }
  await byId(page, 'play').click(); // pause
}

test('play until a leader, crash it, and a new leader takes a higher term', async () => {
  await withPage(session, '/raft?seed=3', {}, async (page) => {
    await ready(page);
    await byId(page, 'speed').fill('1'); // 10×
    await playUntil(page, async () => (await leaderOf(page)) !== null, 'a leader');
    const old = await leaderOf(page);
    const oldTerm = await termOf(page, old);
    await byId(page, `ring-node-${old}`).click();
    await byId(page, 'crash-node').click();
    await playUntil(page, async () => {
      const now = await leaderOf(page);
      return now !== null && now !== old;
    }, 'a new leader');
    const fresh = await leaderOf(page);
    assert.ok((await termOf(page, fresh)) > oldTerm, 'the new leader has a higher term');
    assert.equal(await page.locator('[data-testid=invariant-panel] [data-status=broken]').count(), 0);
    assert.equal(await page.locator('[data-testid=invariant-panel] [data-status=holds]').count(), 5);
    await screenshot(page, 'raft-light');
  });
});

test('stepping back N times and forward N times restores the identical DOM', async () => {
  await withPage(session, '/raft?seed=5&step=80', {}, async (page) => {
    await ready(page);
    assert.equal(await stepIndex(page), 80);
    // The DOM as drawn: attributes in name order and, since message rows are pooled (a row is
    // reused by later messages), the visible messages in id order without the idle rows.
    const snapshot = () => page.evaluate(() => {
      const canonical = (node) => {
        if (node.nodeType === Node.TEXT_NODE) return node.textContent;
        if (node.nodeType !== Node.ELEMENT_NODE) return '';
        const attrs = [...node.attributes].map((a) => `${a.name}="${a.value}"`).sort().join(' ');
        let children = [...node.childNodes];
        if (node.classList.contains('ring-messages')) {
          children = children
            .filter((c) => c.nodeType === Node.ELEMENT_NODE && c.dataset.testid)
            .sort((a, b) => a.dataset.testid.localeCompare(b.dataset.testid));
        }
        return `<${node.localName} ${attrs}>${children.map(canonical).join('')}</${node.localName}>`;
      };
      return ['node-ring', 'log-grid', 'state-table', 'space-time', 'invariant-panel', 'position']
        .map((id) => { const el = document.querySelector(`[data-testid=${id}]`); return el ? canonical(el) : `missing ${id}`; })
        .join('\n');
    });
    const before = await snapshot();
    for (let i = 0; i < 7; i++) await byId(page, 'back').click();
    assert.equal(await stepIndex(page), 73);
    assert.notEqual(await snapshot(), before);
    for (let i = 0; i < 7; i++) await byId(page, 'step').click();
    assert.equal(await stepIndex(page), 80);
    assert.equal(await snapshot(), before);
  });
});

test('the permalink reproduces the same step, leader and term', async () => {
  await withPage(session, '/raft?seed=11', {}, async (page) => {
    await ready(page);
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
    await byId(page, 'ring-node-2').click();
    await byId(page, 'crash-node').click();
    for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowRight');
    const step = await stepIndex(page);
    const leader = await leaderOf(page);
    // The table as drawn (Leptos's empty comment markers are not part of it).
    const drawn = async (p) => (await byId(p, 'state-table').innerHTML()).replaceAll('<!---->', '');
    const table = await drawn(page);
    const link = page.url();
    assert.match(link, /inputs=/);
    await withPage(session, new URL(link).pathname + new URL(link).search, {}, async (second) => {
      await ready(second);
      assert.equal(await stepIndex(second), step);
      assert.equal(await leaderOf(second), leader);
      assert.equal(await drawn(second), table);
    });
  });
});

test('embed mode shows the visualization without the app chrome, in the chosen theme', async () => {
  await withPage(session, '/raft?embed=1&theme=dark', { viewport: { width: 360, height: 640 } }, async (page) => {
    await ready(page);
    assert.equal(await byId(page, 'app-title').count(), 0);
    assert.equal(await byId(page, 'params').count(), 0);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no horizontal overflow at 360 px (scrollWidth ${width})`);
    await screenshot(page, 'raft-embed-dark-phone');
  });
});

test('every keyboard shortcut works', async () => {
  await withPage(session, '/raft', {}, async (page) => {
    await ready(page);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await stepIndex(page), 2);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await stepIndex(page), 1);
    await page.keyboard.press(' ');
    assert.match(await byId(page, 'play').textContent(), /Pause/);
    await page.keyboard.press(' ');
    assert.match(await byId(page, 'play').textContent(), /Play/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Home');
    assert.equal(await stepIndex(page), 0, 'Home goes back to the start');
    await page.keyboard.press('ArrowRight');
    await byId(page, 'reset').click();
    assert.equal(await stepIndex(page), 0, 'so does the reset button');
    await page.keyboard.press('?');
    await byId(page, 'key-help').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    assert.equal(await byId(page, 'key-help').count(), 0);
  });
});

test('a malformed URL shows what was wrong and a working page', async () => {
  await withPage(session, '/raft?nodes=99&seed=x&inputs=garbage', {}, async (page) => {
    await ready(page);
    const message = await byId(page, 'url-problems').textContent();
    for (const named of ['nodes=99', 'seed=x', 'garbage']) assert.ok(message.includes(named), `${named} in: ${message}`);
    assert.equal(await page.locator('[data-testid^=ring-node-]').count(), 5);
    await page.keyboard.press('ArrowRight');
    assert.equal(await stepIndex(page), 1);
    await byId(page, 'dismiss-problems').click();
    assert.equal(await byId(page, 'url-problems').count(), 0);
  });
});

test('the catalogue lists Raft and links to it; the Raft page in dark mode', async () => {
  await withPage(session, '/', { colorScheme: 'dark' }, async (page) => {
    await byId(page, 'catalogue-raft').click();
    await ready(page);
    await page.keyboard.press(' ');
    await page.waitForTimeout(1500);
    await page.keyboard.press(' ');
    await screenshot(page, 'raft-dark');
  });
});

test('partition mode: a minority group with the old leader cannot stop the majority electing', async () => {
  await withPage(session, '/raft?seed=3', {}, async (page) => {
    await ready(page);
    await byId(page, 'speed').fill('1'); // 10×
    await playUntil(page, async () => (await leaderOf(page)) !== null, 'a leader');
    const old = await leaderOf(page);
    const oldTerm = await termOf(page, old);
    assert.ok(await byId(page, 'apply-partition').isDisabled(), 'one group: nothing to split');
    // The old leader and one follower go to group B; the other three stay in A.
    const buddy = (old + 1) % 5;
    for (const node of [old, buddy]) await byId(page, `partition-group-${node}`).click();
    assert.equal(await byId(page, `partition-group-${old}`).getAttribute('data-group'), 'B');
    await byId(page, 'apply-partition').click();
    assert.match(decodeURIComponent(page.url()), /inputs=[^&]*:part\.\d/);
    await playUntil(page, async () => {
      const now = await leaderOf(page);
      return now !== null && now !== old && now !== buddy;
    }, 'a leader in the majority');
    assert.ok((await termOf(page, await leaderOf(page))) > oldTerm);
    // The stranded leader still believes it leads until the network heals.
    const roleOf = async (node) => (await page.locator(`[data-testid=state-table] tbody tr:nth-child(${node + 1}) > *`).nth(2).textContent()).trim();
    assert.equal(await roleOf(old), 'leader');
    await byId(page, 'heal').click();
    await playUntil(page, async () => (await roleOf(old)) === 'follower', 'the old leader to step down');
    assert.equal(await page.locator('[data-testid=invariant-panel] [data-status=broken]').count(), 0);
  });
});
