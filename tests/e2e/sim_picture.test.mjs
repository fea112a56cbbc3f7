// What a viewer of the simulation page sees while it plays, sampled over time: messages appear
// on the ring, move along their edges and leave it; a clicked message dropped from the fault
// panel falls away and shows as a lost arrow in the space-time diagram; after client requests
// the log grid shows the entries with their terms and the commit mark. A frozen picture fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSession, withPage, screenshot } from './harness.mjs';
import { byId, sampleRingMessages, setSpeed, waitForPage } from './sim.mjs';

const session = useSession();

test('while Raft plays at 1/10×, messages appear on the ring, move, and leave it', async () => {
  await withPage(session(), '/raft?scenario=client-requests', {}, async (page) => {
    await waitForPage(page);
    await setSpeed(page, -1); // 1/10×
    await byId(page, 'play').click();
    const samples = await sampleRingMessages(page, 80, 40);
    await byId(page, 'play').click();
    const withMessages = samples.filter((s) => s.size > 0).length;
    assert.ok(withMessages >= 20, `messages on the ring in ${withMessages} of 80 samples`);
    // Appear and leave: the set of ids drawn changes over time.
    const seen = new Set(samples.flatMap((s) => [...s.keys()]));
    const first = samples.find((s) => s.size > 0);
    const last = [...samples].reverse().find((s) => s.size > 0);
    assert.ok(seen.size >= 5, `only ${seen.size} distinct messages drawn in 3 s`);
    assert.ok([...first.keys()].some((id) => !last.has(id)), 'the first messages drawn left the ring');
    // Move: some message is drawn at two different places in consecutive samples.
    let moved = 0;
    for (let i = 1; i < samples.length; i++) {
      for (const [id, at] of samples[i]) {
        const before = samples[i - 1].get(id);
        if (before && before !== at) moved++;
      }
    }
    assert.ok(moved >= 5, `messages moved between samples only ${moved} times`);
    await screenshot(page, 'raft-playing-messages');
  });
});

test('a clicked message dropped from the fault panel falls away and shows as lost', async () => {
  await withPage(session(), '/raft?seed=2', {}, async (page) => {
    await waitForPage(page);
    // Step until something is in flight, then pick it.
    let message;
    for (let i = 0; i < 200 && !message; i++) {
      await byId(page, 'step').click();
      const ids = [...(await sampleRingMessages(page, 1, 0))[0].keys()];
      message = ids[0];
    }
    assert.ok(message !== undefined, 'a message came into flight within 200 steps');
    const shape = page.locator(`[data-testid=node-ring] [data-testid=message-${message}]`);
    await shape.dispatchEvent('click');
    await byId(page, 'message-actions').waitFor({ state: 'visible' });
    await byId(page, 'drop-message').click();
    // It is lost now: drawn falling, then gone, and the diagram has a lost arrow for it.
    assert.match(await shape.getAttribute('class'), /dropping/);
    await setSpeed(page, -1);
    await byId(page, 'play').click();
    await page.waitForFunction((id) => {
      const el = document.querySelector(`[data-testid=node-ring] [data-testid=message-${id}]`);
      return !el || el.getAttribute('display') === 'none';
    }, message, { timeout: 10_000 });
    await byId(page, 'play').click();
    const lost = await page.locator('[data-testid=space-time] [data-testid$=-dropped]').evaluateAll(
      (els) => els.flatMap((el) => (el.dataset.arrowIds ?? '').split(/[\s,]+/)));
    assert.ok(lost.includes(String(message)), `message ${message} among the lost arrows ${lost}`);
  });
});

test('after client requests the log grid shows the entries, their terms and the commit mark', async () => {
  await withPage(session(), '/raft?scenario=client-requests', {}, async (page) => {
    await waitForPage(page);
    const leader = Number(await byId(page, 'leader').getAttribute('data-value'));
    assert.ok(Number.isInteger(leader), 'the scenario opens with a leader');
    await setSpeed(page, 0);
    await byId(page, 'play').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid^=log-row-]')]
      .every((row) => Number(row.dataset.commitIndex) >= 7), null, { timeout: 15_000 });
    await byId(page, 'play').click();
    for (let node = 0; node < 5; node++) {
      const cells = page.locator(`[data-testid=log-row-${node}] .log-cell`);
      assert.ok((await cells.count()) >= 7, `server ${node + 1} shows its 7 entries`);
      const terms = await cells.allTextContents();
      assert.ok(terms.every((t) => Number(t) >= 1), `terms drawn in the cells: ${terms}`);
      assert.equal(await page.locator(`[data-testid=log-row-${node}] .commit-edge`).count(), 1);
    }
    await screenshot(page, 'raft-log-grid');
  });
});

test('the stress fixture draws hundreds of messages and they move', async () => {
  await withPage(session(), '/stress', {}, async (page) => {
    await waitForPage(page);
    // A crowd's dots are painted on a canvas over the ring.
    const dots = async () => byId(page, 'message-canvas').evaluate((c) => c.toDataURL());
    const count = async () => Number(await byId(page, 'message-canvas').getAttribute('data-count'));
    assert.ok((await count()) >= 300, `only ${await count()} messages drawn`);
    const before = await dots();
    await byId(page, 'play').click();
    await page.waitForTimeout(500);
    await byId(page, 'play').click();
    assert.notEqual(await dots(), before, 'the crowd moved');
    await screenshot(page, 'stress');
  });
});

test('a paused server shows it, holds what arrives, and resumes; a fast clock shows its rate', async () => {
  await withPage(session(), '/raft?scenario=client-requests', {}, async (page) => {
    await waitForPage(page);
    const leader = Number(await byId(page, 'leader').getAttribute('data-value'));
    const follower = (leader + 1) % 5;
    const node = byId(page, `ring-node-${follower}`);
    await node.click();
    await byId(page, 'pause-node').click();
    assert.match(await node.getAttribute('aria-label'), /paused/);
    assert.match(decodeURIComponent(page.url()), new RegExp(`:pause\\.${follower}\\.300000`));
    // 300 ms of simulated time at 10×: the pause ends and the server catches up.
    await setSpeed(page, 1);
    await byId(page, 'play').click();
    await page.waitForFunction((id) => !document.querySelector(`[data-testid=ring-node-${id}]`)
      .getAttribute('aria-label').includes('paused'), follower, { timeout: 10_000 });
    await byId(page, 'play').click();
    await byId(page, 'clock-rate').selectOption('2000000');
    assert.match(await node.getAttribute('aria-label'), /clock 2×/);
    assert.equal(await page.locator('[data-testid=invariant-panel] [data-status=broken]').count(), 0);
  });
});
