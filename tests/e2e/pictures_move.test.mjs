// Every page's main picture changes while it plays. A page passes only if what a viewer looks
// at (not a counter beside it) is drawn differently over time; a frozen picture fails here even
// when the page's text and step counter move on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byId, stepIndex, useSession, withPage } from './harness.mjs';

const session = useSession();

// Path, and the test id of the picture that should move while it plays.
const PAGES = [
  ['/raft', 'node-ring'],
  ['/2pc', 'node-ring'],
  ['/3pc', 'node-ring'],
  // Paxos, Fast Paxos and PBFT decide within a few message delays and then rest: these links
  // keep them busy (duelling proposers for ever; a coordinator probing with classic rounds while
  // no client has spoken; an equivocating primary's view change on a 40–80 ms network).
  ['/paxos?scenario=duelling-livelock', 'node-ring'],
  ['/multi-paxos', 'node-ring'],
  ['/fast-paxos?seed=1', 'node-ring'],
  ['/pbft?seed=2&latency=40-80&inputs=5@0:cmd.0.behave.equivocate,6@0:cmd.4.submit.7', 'node-ring'],
  ['/bully', 'node-ring'],
  ['/ring', 'node-ring'],
  ['/failure-detectors', 'phi-chart'],
  ['/gossip', 'node-ring'],
  ['/rumor', 'node-ring'],
  ['/scuttlebutt', 'node-ring'],
  ['/clocks', 'clock-diagram'],
  ['/version-vectors?scenario=random', 'vv-columns'],
  ['/bloom', 'cell-grid'],
  ['/cuckoo', 'cuckoo-table'],
  ['/quotient', 'quotient-table'],
  ['/hyperloglog', 'register-chart'],
  ['/count-min', 'cm-table'],
  ['/merkle', 'trees'],
  ['/hash-ring', 'hash-ring'],
  ['/range-partitioning', 'key-bar'],
  ['/balls-into-bins', 'bins'],
];

for (const [path, picture] of PAGES) {
  test(`${path}: the ${picture} changes while the page plays`, async () => {
    await withPage(session(), path, {}, async (page) => {
      const view = byId(page, picture);
      await view.waitFor({ state: 'visible', timeout: 15_000 });
      await byId(page, 'reset').click(); // some pages open at the end of their stream
      const startStep = await stepIndex(page);
      await byId(page, 'play').click();
      const drawn = new Set();
      for (let i = 0; i < 16; i++) {
        await page.waitForTimeout(150);
        drawn.add(await view.evaluate((el) => el.outerHTML));
      }
      await byId(page, 'play').click();
      assert.ok((await stepIndex(page)) > startStep, 'the player moved on');
      assert.ok(drawn.size >= 4, `the ${picture} was drawn only ${drawn.size} different ways in 16 samples over 2.4 s`);
    });
  });
}
