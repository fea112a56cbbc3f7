// The consensus pages beyond Raft (/paxos, /multi-paxos, /fast-paxos), through their
// scenario menus: each scenario is opened by clicking it, played, and its outcome seen where a
// viewer sees it — the chosen value, view or applied log in the status line, the acceptor tables,
// the slot log and the phase matrix, the Agreement violation flagged in the invariant panel. Any
// console error fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useSession, withPage } from './harness.mjs';
import { byId, openScenario, playUntilStatus, waitForPage } from './sim.mjs';

const session = useSession();

/** The number before "ballots started" in the Paxos status line. */
async function ballotsStarted(page) {
  const text = await byId(page, 'chosen').textContent();
  return Number(text.match(/(\d+) ballots started/)[1]);
}

test('Paxos: duelling proposers without backoff climb ballots and never choose', async () => {
  await withPage(session(), '/paxos', {}, async (page) => {
    await openScenario(page, 'duelling-livelock');
    await byId(page, 'play').click();
    await page.waitForTimeout(1_500);
    await byId(page, 'play').click();
    assert.equal(await byId(page, 'chosen').getAttribute('data-value'), 'none');
    assert.ok((await ballotsStarted(page)) > 10, 'the ballots climb');
    await screenshot(page, 'paxos-livelock');
  });
});

test('Paxos: with random backoff one proposer gets through and every node learns its value', async () => {
  await withPage(session(), '/paxos', {}, async (page) => {
    await openScenario(page, 'duelling-backoff');
    const chosen = await playUntilStatus(page, 'chosen', /^(100|200)$/);
    assert.ok((await ballotsStarted(page)) < 20);
    const table = await byId(page, 'state-table').textContent();
    assert.match(table, new RegExp(`${chosen}`));
  });
});

test('Paxos: an acceptor crash mid-round still chooses 1, and a later proposer learns it', async () => {
  await withPage(session(), '/paxos', {}, async (page) => {
    await openScenario(page, 'acceptor-crash');
    assert.equal(await byId(page, 'chosen').getAttribute('data-value'), 'none');
    await playUntilStatus(page, 'chosen', /^1$/);
    await byId(page, 'play').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=node-ring] .ring-node.role-learned').length >= 4,
      null, { timeout: 15_000 });
    await byId(page, 'play').click();
    await screenshot(page, 'paxos-acceptor-crash');
  });
});

test('Multi-Paxos: the next leader fills the gap at slot 2 with a no-op', async () => {
  await withPage(session(), '/multi-paxos', {}, async (page) => {
    await openScenario(page, 'leader-change-gap');
    assert.equal(await byId(page, 'applied').getAttribute('data-value'), '1');
    assert.equal(await byId(page, 'log-cell-1-2').getAttribute('title'), '#2 · empty');
    await playUntilStatus(page, 'applied', /^1,no-op,3$/);
    assert.match(await byId(page, 'log-cell-1-2').getAttribute('title'), /no-op · chosen/);
    await screenshot(page, 'multi-paxos-gap');
  });
});

test('Multi-Paxos: a stable leader puts four commands in four slots', async () => {
  await withPage(session(), '/multi-paxos', {}, async (page) => {
    await openScenario(page, 'client-commands');
    await playUntilStatus(page, 'applied', /1,2,3,4$/);
  });
});

test('Fast Paxos: a collision is flagged and recovered through a classic round', async () => {
  await withPage(session(), '/fast-paxos', {}, async (page) => {
    await openScenario(page, 'collision');
    await playUntilStatus(page, 'chosen', /^(10|20)$/);
    const status = await byId(page, 'chosen').textContent();
    assert.match(status, /collision ×1/);
    assert.match(status, /\(classic\)/);
    await screenshot(page, 'fast-paxos-collision');
  });
});

test('Fast Paxos: a lone client is chosen in the fast round; a jittery race still chooses one value', async () => {
  await withPage(session(), '/fast-paxos', {}, async (page) => {
    await openScenario(page, 'fast-decision');
    await playUntilStatus(page, 'chosen', /^10$/);
    assert.match(await byId(page, 'chosen').textContent(), /\(fast\) · no collision/);
    await byId(page, 'scenario-race').click();
    await page.waitForURL((url) => url.search.includes('scenario=race') || url.search.includes('step='));
    await waitForPage(page);
    await playUntilStatus(page, 'chosen', /^(10|20)$/);
  });
});

test('the consensus pages open dark and phone-sized with every picture drawn', async () => {
  for (const path of ['/paxos', '/multi-paxos', '/fast-paxos']) {
    await withPage(session(), path, {
      colorScheme: 'dark',
      viewport: { width: 390, height: 844 },
    }, async (page) => {
      await waitForPage(page);
      for (const id of ['node-ring', 'space-time', 'state-table', 'invariant-panel']) {
        assert.ok(await byId(page, id).isVisible(), `${path}: ${id} drawn`);
      }
      await screenshot(page, `${path.slice(1)}-dark-phone`);
    });
  }
});
