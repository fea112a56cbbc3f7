// The atomic-commit pages, through their scenario menus: each scenario is opened by clicking it,
// played, and its outcome seen where a viewer sees it — blocked participants on the ring and in
// the status line, write-ahead log records in the log grid, the atomicity violation flagged in
// the invariant panel with a working "go to step". Any console error fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, stepIndex, useSession, withPage } from './harness.mjs';
import { byId, waitForPage } from './sim.mjs';

const session = useSession();

/** Opens `path`, clicks scenario `slug` in the menu, and waits for the page it opens. */
async function openScenario(page, slug) {
  await waitForPage(page);
  await byId(page, `scenario-${slug}`).click();
  await page.waitForURL((url) => url.search.includes(`scenario=${slug}`) || url.search.includes('step='));
  await waitForPage(page);
  assert.ok((await stepIndex(page)) > 0, `${slug} opens past step 0`);
}

/** Plays until the status line's outcome reads `value`, then pauses. */
async function playUntilOutcome(page, value) {
  await byId(page, 'play').click();
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid=outcome]')?.dataset.value === want,
    value,
    { timeout: 15_000 },
  );
  await byId(page, 'play').click();
}

/** Plays until every participant's log row holds a cell titled with `record` for tx 1. */
async function playUntilLogged(page, record) {
  await byId(page, 'play').click();
  await page.waitForFunction((want) => {
    const rows = [...document.querySelectorAll('[data-testid^=log-row-]')].slice(1);
    return rows.length > 0 && rows.every((row) =>
      [...row.querySelectorAll('.log-cell')].some((cell) => cell.title.endsWith(want)));
  }, `tx 1 · ${record}`, { timeout: 15_000 });
  await byId(page, 'play').click();
}

test('2PC: a coordinator crash after prepare blocks every participant, holding its lock', async () => {
  await withPage(session(), '/2pc', {}, async (page) => {
    await openScenario(page, 'coordinator-crash');
    await playUntilOutcome(page, 'blocked');
    // They time out one after another; play on until all four are blocked.
    await byId(page, 'play').click();
    await page.waitForFunction(() =>
      document.querySelectorAll('[data-testid=node-ring] .ring-node.role-blocked').length >= 4,
    null, { timeout: 15_000 });
    await byId(page, 'play').click();
    const table = await byId(page, 'state-table').textContent();
    assert.match(table, /BLOCKED/);
    assert.match(table, /x: tx 1/, 'the blocked participants hold the lock on x');
    await screenshot(page, '2pc-blocked');
  });
});

test('2PC: the restarted coordinator reads its log, aborts and releases everyone', async () => {
  await withPage(session(), '/2pc', {}, async (page) => {
    await openScenario(page, 'coordinator-recovers');
    await playUntilLogged(page, 'ABORT');
  });
});

test('2PC: one no vote aborts the transaction everywhere', async () => {
  await withPage(session(), '/2pc', {}, async (page) => {
    await openScenario(page, 'vote-no');
    await playUntilLogged(page, 'ABORT');
    assert.match(await byId(page, 'log-row-2').innerHTML(), /tx 1 · voted NO/);
  });
});

test('2PC: cooperative termination lets the participants abort without the coordinator', async () => {
  await withPage(session(), '/2pc', {}, async (page) => {
    await openScenario(page, 'cooperative');
    await playUntilOutcome(page, 'aborted');
  });
});

test('3PC: the termination protocol commits without a coordinator that crashed in pre-commit', async () => {
  await withPage(session(), '/3pc', {}, async (page) => {
    await openScenario(page, 'coordinator-crash');
    await playUntilOutcome(page, 'committed');
    assert.match(await byId(page, 'space-time').innerHTML(), /State request|state-request/);
  });
});

test('3PC: a coordinator crash before pre-commit ends in abort, nobody blocked', async () => {
  await withPage(session(), '/3pc', {}, async (page) => {
    await openScenario(page, 'crash-before-pre-commit');
    await playUntilOutcome(page, 'aborted');
  });
});

test('3PC: a partition during pre-commit breaks atomicity and the panel points at the step', async () => {
  await withPage(session(), '/3pc', {}, async (page) => {
    await openScenario(page, 'partition');
    assert.equal(await byId(page, 'invariant-atomicity').getAttribute('data-status'), 'holds');
    await playUntilOutcome(page, 'split');
    const atomicity = byId(page, 'invariant-atomicity');
    assert.equal(await atomicity.getAttribute('data-status'), 'broken');
    const broken = Number((await atomicity.locator('.invariant-step').textContent()).match(/\d+/)[0]);
    await byId(page, 'play').click(); // on past the violation
    await page.waitForTimeout(300);
    await byId(page, 'play').click();
    await byId(page, 'invariant-seek-atomicity').click();
    assert.equal(await stepIndex(page), broken, 'go to step shows the step that broke it');
    assert.equal(await atomicity.getAttribute('data-status'), 'broken', 'and the violation is visible there');
    assert.equal(await byId(page, 'outcome').getAttribute('data-value'), 'split');
    await byId(page, 'back').click();
    assert.equal(await atomicity.getAttribute('data-status'), 'holds', 'one step earlier it still held');
    await screenshot(page, '3pc-partition-split');
  });
});

test('3PC: after a total failure they wait for everyone, then commit', async () => {
  await withPage(session(), '/3pc', {}, async (page) => {
    await openScenario(page, 'total-failure');
    await playUntilLogged(page, 'COMMIT');
  });
});

test('the commit pages open dark and phone-sized with every picture drawn', async () => {
  for (const path of ['/2pc', '/3pc']) {
    await withPage(session(), `${path}?scenario=coordinator-crash`, {
      colorScheme: 'dark',
      viewport: { width: 390, height: 844 },
    }, async (page) => {
      await waitForPage(page);
      for (const id of ['node-ring', 'space-time', 'log-grid', 'state-table', 'invariant-panel']) {
        assert.ok(await byId(page, id).isVisible(), `${path}: ${id} drawn`);
      }
      await screenshot(page, `${path.slice(1)}-dark-phone`);
    });
  }
});
