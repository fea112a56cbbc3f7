// The failure-detector page as a viewer uses it: pause M from the scenario menu and watch φ cross
// its threshold on the live plot and the φ monitor turn to suspecting, then trust again when the
// held heartbeat arrives; crash M and see both monitors detect it, φ first. Any console error
// fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useSession, withPage } from './harness.mjs';
import { byId, setSpeed, waitForPage } from './sim.mjs';

const session = useSession();

async function openScenario(page, slug) {
  await waitForPage(page);
  await byId(page, `scenario-${slug}`).click();
  await page.waitForURL((url) => url.search.includes('step='));
  await waitForPage(page);
}

/** Plays until `predicate` (run in the page) holds, then pauses. */
async function playUntil(page, predicate, arg) {
  await byId(page, 'play').click();
  await page.waitForFunction(predicate, arg, { timeout: 20_000 });
  await byId(page, 'play').click();
}

const verdicts = () => document.querySelector('[data-testid=verdicts]')?.dataset.value;

test('a pause: φ crosses its threshold on the plot, the monitor suspects, then trusts again', async () => {
  await withPage(session(), '/failure-detectors', {}, async (page) => {
    await openScenario(page, 'pause');
    assert.equal(await byId(page, 'verdicts').getAttribute('data-value'), 'trust-trust');
    const before = await byId(page, 'phi-chart-phi').getAttribute('points');
    await setSpeed(page, -0.5); // slowly, so the suspicion is seen
    await playUntil(page, () => document.querySelector('[data-testid=ring-node-1]')?.classList.contains('role-suspecting'));
    assert.notEqual(await byId(page, 'phi-chart-phi').getAttribute('points'), before, 'the φ line moved');
    assert.match(await byId(page, 'phi-chart-caption').textContent(), /φ is (beyond|\d)/);
    await screenshot(page, 'failure-detectors-pause');
    await setSpeed(page, 0);
    await playUntil(page, (want) => document.querySelector('[data-testid=verdicts]')?.dataset.value === want, 'trust-trust');
    assert.match(await byId(page, 'verdicts').textContent(), /φ trusts M \(1 false positive\)/);
  });
});

test('a crash: both monitors come to suspect M, φ sooner than the timeout', async () => {
  await withPage(session(), '/failure-detectors', { colorScheme: 'dark' }, async (page) => {
    await openScenario(page, 'crash');
    await playUntil(page, (want) => document.querySelector('[data-testid=verdicts]')?.dataset.value === want, 'suspect-suspect');
    const text = await byId(page, 'verdicts').textContent();
    const times = [...text.matchAll(/detected the crash after (\d+) ms/g)].map((m) => Number(m[1]));
    assert.equal(times.length, 2, text);
    assert.ok(times[0] < times[1], `φ after ${times[0]} ms, the timeout after ${times[1]} ms`);
    assert.equal(await page.locator('[data-testid=phi-chart] .chart-mark').count(), 1, 'the crash is marked');
    await screenshot(page, 'failure-detectors-crash-dark');
  });
});

test('the trade-off study runs in slices and plots both detectors', async () => {
  await withPage(session(), '/failure-detectors?loss=0.2', {}, async (page) => {
    await waitForPage(page);
    await byId(page, 'run-study').click();
    await page.waitForSelector('[data-testid=study-progress][data-done=true]', { timeout: 60_000 });
    assert.equal(await byId(page, 'study-progress').textContent(), '128 of 128 done');
    for (const tone of ['phi', 'silence']) {
      assert.equal(await byId(page, `tradeoff-chart-${tone}`).getAttribute('data-points'), '8');
    }
    await screenshot(page, 'failure-detectors-tradeoff');
  });
});

test('pausing M for a chosen length from the fault panel makes both monitors suspect it', async () => {
  await withPage(session(), '/failure-detectors?scenario=lossy', {}, async (page) => {
    await waitForPage(page);
    await byId(page, 'ring-node-0').click();
    await byId(page, 'pause-ms').fill('1000');
    await byId(page, 'pause-ms').dispatchEvent('change');
    await byId(page, 'pause-node').click();
    assert.match(decodeURIComponent(page.url()), /:pause\.0\.1000000/);
    await playUntil(page, (want) => document.querySelector('[data-testid=verdicts]')?.dataset.value === want, 'suspect-suspect');
  });
});
