// The leader-election pages as a viewer uses them: play until the cluster agrees on its highest
// node, crash that leader from the fault panel, and see the next-highest elected; open the worst
// and best cases from the scenario menu and read the message count in the status line. Any
// console error fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, stepIndex, useSession, withPage } from './harness.mjs';
import { byId, setSpeed, waitForPage } from './sim.mjs';

const session = useSession();

/** The agreed leader's id from the status line, or what is going on instead. */
const leaderValue = (page) => byId(page, 'leader').getAttribute('data-value');

/** Plays until the status line's leader reads `want`, then pauses. */
async function playUntilLeader(page, want) {
  await byId(page, 'play').click();
  await page.waitForFunction(
    (value) => document.querySelector('[data-testid=leader]')?.dataset.value === value,
    want,
    { timeout: 20_000 },
  );
  await byId(page, 'play').click();
}

/** The count after "election messages so far: ". */
async function messagesSoFar(page) {
  const text = await byId(page, 'leader').textContent();
  const match = text.match(/election messages so far: (\d+)/);
  assert.ok(match, `no count in "${text}"`);
  return Number(match[1]);
}

for (const path of ['/bully', '/ring']) {
  test(`${path}: the highest node is elected; crash it and the next-highest takes over`, async () => {
    await withPage(session(), `${path}?seed=4`, {}, async (page) => {
      await waitForPage(page);
      await setSpeed(page, 1); // 10×
      await playUntilLeader(page, '4');
      assert.equal(await page.locator('[data-testid=node-ring] .ring-node.role-leader').count(), 1);
      await byId(page, 'ring-node-4').click();
      await byId(page, 'crash-node').click();
      await playUntilLeader(page, '3');
      assert.match(await byId(page, 'leader').textContent(), /All live nodes follow S4/);
      assert.equal(await page.locator('[data-testid=invariant-panel] [data-status=broken]').count(), 0);
      await screenshot(page, `${path.slice(1)}-reelected`);
    });
  });
}

const COUNTS = [
  ['/bully', 'worst-case', 24],
  ['/bully', 'best-case', 4],
  ['/ring', 'worst-case', 28],
  ['/ring', 'best-case', 20],
];

for (const [path, slug, total] of COUNTS) {
  test(`${path} ${slug}: one election costs ${total} messages`, async () => {
    await withPage(session(), path, {}, async (page) => {
      await waitForPage(page);
      await byId(page, `scenario-${slug}`).click();
      await page.waitForURL((url) => url.search.includes('step='));
      await waitForPage(page);
      assert.ok((await stepIndex(page)) > 0, `${slug} opens past step 0`);
      await setSpeed(page, 1);
      await playUntilLeader(page, '4');
      assert.equal(await messagesSoFar(page), total);
    });
  });
}
