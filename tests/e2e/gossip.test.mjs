// The gossip pages as a viewer uses them: one infected node among many, play, and watch the
// update reach every node while the infected fraction climbs next to the theoretical curve;
// crash nodes from the fault panel and see every live one reached anyway; open the 30 %-dead
// scenario; let a rumor die out with its residue in the status line and run the residue study;
// watch Scuttlebutt drain its backlog and converge after a partition heals. Any console error
// fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useSession, withPage } from './harness.mjs';
import { byId, setSpeed, waitForPage } from './sim.mjs';

const session = useSession();

/** The `data-value` of the status span `id`. */
const statusValue = (page, id) => byId(page, id).getAttribute('data-value');

/** Plays until the status span `id` has value `want` (or `want(value)` holds), then pauses. */
async function playUntil(page, id, want, timeout = 30_000) {
  await byId(page, 'play').click();
  await page.waitForFunction(
    ([id, want]) => {
      const value = document.querySelector(`[data-testid=${id}]`)?.dataset.value;
      if (want === 'all') {
        const [a, b] = (value ?? '').split('/');
        return a !== undefined && a === b;
      }
      return value === want;
    },
    [id, want],
    { timeout },
  );
  await byId(page, 'play').click();
}

async function openScenario(page, slug) {
  await waitForPage(page);
  await byId(page, `scenario-${slug}`).click();
  await page.waitForURL((url) => url.search.includes('step='));
  await waitForPage(page);
}

test('/gossip: one infected node, then all of them, with the curve next to the theory', async () => {
  await withPage(session(), '/gossip?seed=2&nodes=64', {}, async (page) => {
    await waitForPage(page);
    assert.equal(await statusValue(page, 'spread'), '1/64');
    const ring = page.locator('[data-testid=node-ring]');
    assert.equal(await ring.locator('.ring-node.role-infected').count(), 1);
    assert.equal(await ring.locator('.ring-node.role-susceptible').count(), 63);
    await setSpeed(page, 0.5);
    await playUntil(page, 'spread', 'all');
    assert.equal(await statusValue(page, 'spread'), '64/64');
    assert.equal(await ring.locator('.ring-node.role-infected').count(), 64);
    assert.match(await byId(page, 'spread').textContent(), /all 64 live nodes have v1 · \d+ messages sent, \d+ redundant/);
    assert.ok(Number(await byId(page, 'spread-chart-measured').getAttribute('data-points')) >= 4, 'a point per round');
    assert.ok(Number(await byId(page, 'spread-chart-theory').getAttribute('data-points')) >= 4, 'the theory curve');
    assert.match(await byId(page, 'spread-chart-caption').textContent(), /100 % of live nodes have v1/);
    assert.equal(await page.locator('[data-testid=invariant-panel] [data-status=broken]').count(), 0);
    await screenshot(page, 'gossip-spread');
  });
});

test('/gossip: crash five nodes and every live node still gets the update', async () => {
  await withPage(session(), '/gossip?seed=3&nodes=32&mode=0', { colorScheme: 'dark' }, async (page) => {
    await waitForPage(page);
    for (const id of [3, 9, 14, 20, 27]) {
      await byId(page, `ring-node-${id}`).click();
      await byId(page, 'crash-node').click();
    }
    assert.equal(await page.locator('[data-testid=node-ring] .ring-node.crashed').count(), 5);
    assert.equal(await statusValue(page, 'spread'), '1/27');
    await setSpeed(page, 0.5);
    await playUntil(page, 'spread', 'all');
    assert.equal(await statusValue(page, 'spread'), '27/27');
    await screenshot(page, 'gossip-crashed-dark');
  });
});

test('/gossip: on 128 nodes the panel splits the cluster in halves, the table folds, and the far half stays uninformed', async () => {
  await withPage(session(), '/gossip?seed=3&mode=2', {}, async (page) => {
    await waitForPage(page);
    // No button per node at this size: one button splits the cluster into halves.
    assert.equal(await page.locator('[data-testid^=partition-group-]').count(), 0);
    assert.equal(await byId(page, 'apply-partition').textContent(), 'Split in halves');
    // No wall of 128 lanes: the page says why the space-time diagram is missing.
    assert.match(await byId(page, 'space-time-too-many-nodes').textContent(), /up to 32 nodes; this run has 128/);
    // The state table shows 16 rows until asked for all 128.
    assert.equal(await page.locator('[data-testid=state-table] tbody tr').count(), 16);
    await byId(page, 'state-table-more').click();
    assert.equal(await page.locator('[data-testid=state-table] tbody tr').count(), 128);
    await byId(page, 'state-table-more').click();
    assert.equal(await page.locator('[data-testid=state-table] tbody tr').count(), 16);
    // N1 starts with the update; split N1–N64 from N65–N128 and it fills the first half only.
    await byId(page, 'apply-partition').click();
    await setSpeed(page, 1);
    await playUntil(page, 'spread', '64/128');
    await byId(page, 'play').click();
    await page.waitForTimeout(1_500);
    await byId(page, 'play').click();
    assert.equal(await statusValue(page, 'spread'), '64/128');
    await byId(page, 'heal').click();
    await playUntil(page, 'spread', 'all');
    await screenshot(page, 'gossip-128-split');
  });
});

test('/gossip: with 30 % of 256 nodes dead the spread reaches all 179 live ones', async () => {
  await withPage(session(), '/gossip', {}, async (page) => {
    await openScenario(page, 'thirty-percent-dead');
    assert.equal(await statusValue(page, 'spread'), '1/179');
    await setSpeed(page, 0.5);
    await playUntil(page, 'spread', '179/179');
    await screenshot(page, 'gossip-thirty-percent-dead');
  });
});

test('/rumor: the rumor dies out with its residue, and the study plots five k against the equation', async () => {
  await withPage(session(), '/rumor', {}, async (page) => {
    await openScenario(page, 'feedback-counter');
    assert.equal(await statusValue(page, 'rumor'), 'spreading');
    await setSpeed(page, 1);
    await playUntil(page, 'rumor', 'done');
    assert.match(await byId(page, 'rumor').textContent(), /Done: residue \d+\.\d % \(equation 6\.0 % for feedback-counter k = 2\)/);
    assert.equal(await page.locator('[data-testid=node-ring] .ring-node.role-infected').count(), 0, 'nobody spreads any more');
    await byId(page, 'run-study').click();
    await page.waitForSelector('[data-testid=study-progress][data-done=true]', { timeout: 90_000 });
    assert.equal(await byId(page, 'study-progress').textContent(), '200 of 200 done');
    assert.equal(await byId(page, 'residue-chart-measured').getAttribute('data-points'), '5');
    assert.equal(await byId(page, 'residue-chart-theory').getAttribute('data-points'), '5');
    await screenshot(page, 'rumor-study');
  });
});

test('/scuttlebutt: the backlog drains to zero, deltas in the grid, and the MTU study plots six curves', async () => {
  await withPage(session(), '/scuttlebutt?seed=1&mtu=2', {}, async (page) => {
    await waitForPage(page);
    assert.equal(await statusValue(page, 'backlog'), String(4 * 4 * 3), '4 participants × 4 keys, each missing at 3 others');
    await setSpeed(page, 0);
    await playUntil(page, 'backlog', '0');
    assert.match(await byId(page, 'backlog').textContent(), /Converged/);
    assert.ok((await page.locator('[data-testid=log-grid] .log-cell').count()) > 0, 'the deltas of the latest answers');
    assert.match(await byId(page, 'state-table').textContent(), /P1 \d+, P2 \d+, P3 \d+, P4 \d+/);
    await byId(page, 'run-study').click();
    await page.waitForSelector('[data-testid=study-progress][data-done=true]', { timeout: 60_000 });
    assert.equal(await page.locator('[data-testid=catch-up-chart] .chart-line').count(), 6);
    await screenshot(page, 'scuttlebutt-study');
  });
});

test('/scuttlebutt: a partition that heals, then everyone converges', async () => {
  await withPage(session(), '/scuttlebutt', {}, async (page) => {
    await openScenario(page, 'partition-heals');
    assert.notEqual(await statusValue(page, 'backlog'), '0');
    await setSpeed(page, 0.5);
    await playUntil(page, 'backlog', '0');
    assert.match(await byId(page, 'backlog').textContent(), /Converged/);
  });
});
