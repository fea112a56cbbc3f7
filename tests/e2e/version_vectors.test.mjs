// The version-vectors page as a viewer uses it: open the two-clients scenario and see the update
// that server-id version vectors lose counted while dotted version vectors keep both writes as
// concurrent siblings; replay it from the start; switch to another scenario; add a write and a
// sync by hand. Any console error fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byId, screenshot, stepIndex, useSession, withPage } from './harness.mjs';

const session = useSession();

test('two clients through one server: server ids lose an update, DVV keeps two siblings', async () => {
  await withPage(session(), '/version-vectors?scenario=two-clients', {}, async (page) => {
    await byId(page, 'vv-columns').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await byId(page, 'lost-server-ids').textContent(), '1');
    assert.equal(await byId(page, 'lost-dotted').textContent(), '0');
    assert.equal(await byId(page, 'lost-client-ids').textContent(), '0');
    assert.equal(await byId(page, 'server-dotted-0').getAttribute('data-siblings'), '2');
    assert.equal(await byId(page, 'server-server-ids-0').getAttribute('data-siblings'), '1');
    await byId(page, 'lost-server-ids-0-0').waitFor();
    assert.equal(await byId(page, 'pair-dotted-1-0-1').getAttribute('data-relation'), 'concurrent');
    await screenshot(page, 'version-vectors-two-clients');

    // From the start nothing is lost; stepping through the second write loses one.
    await byId(page, 'reset').click();
    assert.equal(await byId(page, 'lost-server-ids').textContent(), '0');
    await byId(page, 'step').click();
    await byId(page, 'step').click();
    assert.equal(await stepIndex(page), 2);
    assert.equal(await byId(page, 'lost-server-ids').textContent(), '1');
    assert.match(await byId(page, 'last-op').textContent(), /c2 writes w2 through A/);
  });
});

test('the scenario menu, hand-made operations and the permalink', async () => {
  await withPage(session(), '/version-vectors?scenario=many-clients', { colorScheme: 'dark' }, async (page) => {
    await byId(page, 'vv-columns').waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await byId(page, 'clock-client-ids').textContent(), /^6 entries/);
    assert.match(await byId(page, 'clock-dotted').textContent(), /^2 entries/);

    await byId(page, 'scenario-select').selectOption('stale-read');
    await page.waitForFunction(() => document.querySelector('[data-testid=scenario-why]')?.textContent.includes('stale'));
    await byId(page, 'step').click();
    await page.waitForURL(/scenario=stale-read/);

    // Step to the end, then write as c2 through B and sync B into A.
    for (let i = 1; i < 6; i++) await byId(page, 'step').click();
    assert.equal(await stepIndex(page), 6);
    assert.equal(await byId(page, 'lost-server-ids').textContent(), '1');
    await byId(page, 'op-client').selectOption('1');
    await byId(page, 'op-server').selectOption('1');
    await byId(page, 'add-write').click();
    await byId(page, 'sync-from').selectOption('1');
    await byId(page, 'sync-to').selectOption('0');
    await byId(page, 'add-sync').click();
    await page.waitForURL(/ops=w1-1(%2C|,)s1-0/);
    assert.equal(await stepIndex(page), 8);
    assert.equal(await byId(page, 'lost-dotted').textContent(), '0');
    assert.equal(await byId(page, 'false-dotted').textContent(), '0');
    await screenshot(page, 'version-vectors-dark');
  });
});

test('a bad link is named in the banner', async () => {
  await withPage(session(), '/version-vectors?scenario=nope&servers=9&ops=zz', {}, async (page) => {
    await byId(page, 'url-problems').waitFor({ state: 'visible', timeout: 15_000 });
    const text = await byId(page, 'url-problems').textContent();
    for (const needle of ['scenario=nope', 'servers=9', "'zz'"]) assert.ok(text.includes(needle), `${needle} in ${text}`);
    assert.match(await byId(page, 'scenario-why').textContent(), /random reads, writes and syncs/);
  });
});
