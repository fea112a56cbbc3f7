// The PBFT page through its scenario menu: each scenario is opened by clicking it, played, and its
// outcome seen where a viewer sees it — the view and the answered requests in the status line,
// the phase matrix, the Agreement violation flagged in the invariant panel — and a clicked replica
// made Byzantine. Any console error fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useSession, withPage } from './harness.mjs';
import { byId, openScenario, playUntilStatus, waitForPage } from './sim.mjs';

const session = useSession();

test('PBFT: the normal case answers the client in view 0', async () => {
  await withPage(session(), '/pbft', {}, async (page) => {
    await openScenario(page, 'normal-case');
    await byId(page, 'play').click();
    await page.waitForFunction(() => /1 request\(s\) answered/.test(document.querySelector('[data-testid=view]')?.textContent ?? ''),
      null, { timeout: 15_000 });
    await byId(page, 'play').click();
    assert.equal(await byId(page, 'view').getAttribute('data-value'), '0');
    assert.match(await byId(page, 'log-cell-2-1').getAttribute('title'), /executed · op 7/);
  });
});

test('PBFT: an equivocating primary is replaced by a view change', async () => {
  await withPage(session(), '/pbft', {}, async (page) => {
    await openScenario(page, 'equivocating-primary');
    assert.equal(await byId(page, 'view').getAttribute('data-value'), '0');
    await playUntilStatus(page, 'view', /^1$/);
    await byId(page, 'play').click();
    await page.waitForFunction(() => /1 request\(s\) answered/.test(document.querySelector('[data-testid=view]')?.textContent ?? ''),
      null, { timeout: 15_000 });
    await byId(page, 'play').click();
    assert.match(await byId(page, 'view').textContent(), /primary R1/);
    assert.equal(await byId(page, 'invariant-agreement').getAttribute('data-status'), 'holds');
    await screenshot(page, 'pbft-view-change');
  });
});

test('PBFT: with f + 1 Byzantine replicas the honest ones commit different requests', async () => {
  await withPage(session(), '/pbft', {}, async (page) => {
    await openScenario(page, 'too-many-byzantine');
    const agreement = byId(page, 'invariant-agreement');
    assert.equal(await agreement.getAttribute('data-status'), 'holds');
    await byId(page, 'play').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=invariant-agreement]')?.dataset.status === 'broken',
      null, { timeout: 15_000 });
    await byId(page, 'play').click();
    assert.match(await byId(page, 'log-cell-1-1').getAttribute('title'), /op 7/);
    assert.match(await byId(page, 'log-cell-2-1').getAttribute('title'), /null request/);
    await screenshot(page, 'pbft-agreement-broken');
  });
});

test('a replica clicked on the PBFT page can be made Byzantine', async () => {
  await withPage(session(), '/pbft?scenario=normal-case', {}, async (page) => {
    await waitForPage(page);
    await byId(page, 'ring-node-2').click();
    await byId(page, 'behave-silent').click();
    assert.match(await byId(page, 'view').textContent(), /Byzantine: R2 silent/);
  });
});

