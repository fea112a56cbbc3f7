// The clocks page as a viewer uses it: play the workload, click an event and see its causal past
// and future coloured, the status counting them; add a send and its delivery by hand; the panel
// names a pair that Lamport order ranks although it is concurrent. Any console error fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useSession, withPage } from './harness.mjs';
import { byId } from './sim.mjs';

const session = useSession();

test('clicking an event highlights its causal past and future', async () => {
  await withPage(session(), '/clocks?seed=2', {}, async (page) => {
    await byId(page, 'clock-diagram').waitFor({ state: 'visible', timeout: 15_000 });
    const events = await page.locator('[data-testid^=event-]').count();
    assert.equal(events, 24);
    await byId(page, 'event-12').dispatchEvent('click');
    await page.waitForSelector('[data-testid=event-12].picked');
    const past = await page.locator('.st-event.past').count();
    const future = await page.locator('.st-event.future').count();
    const concurrent = await page.locator('.st-event.concurrent').count();
    assert.equal(past + future + concurrent, events - 1, 'every other event is related somehow');
    assert.ok(past > 0, 'event 12 has a causal past');
    const status = await byId(page, 'pick-status').textContent();
    assert.match(status, new RegExp(`${past} events in its causal past, ${future} in its future, ${concurrent} concurrent`));
    assert.match(await byId(page, 'misleading-pair').textContent(), /incomparable/);
    assert.match(page.url(), /pick=12/);
    await screenshot(page, 'clocks-picked');
  });
});

test('a message added by hand links its send and its receive', async () => {
  await withPage(session(), '/clocks?processes=2&events=0', { colorScheme: 'dark' }, async (page) => {
    await byId(page, 'clock-diagram').waitFor({ state: 'visible', timeout: 15_000 });
    await byId(page, 'local-1').click();
    await byId(page, 'send-0').click();
    await byId(page, 'deliver-0').click();
    await page.waitForSelector('[data-testid=message-1-2]');
    await byId(page, 'event-2').dispatchEvent('click');
    await page.waitForSelector('[data-testid=event-1].past');
    assert.match(await byId(page, 'event-2').textContent(), /\[1,2\]/, 'the receive merged P1\'s clock');
    assert.match(page.url(), /ops=l1(%2C|,)s0-1(%2C|,)d0/);
  });
});
