// The catalogue page: the app loads from the release build, renders its title, and logs no errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, withPage, screenshot } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

for (const colorScheme of ['light', 'dark']) {
  test(`catalogue page loads and shows the title (${colorScheme})`, async () => {
    await withPage(session, '/', { colorScheme }, async (page) => {
      const title = page.getByTestId('app-title');
      await title.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal((await title.textContent())?.trim(), 'dsviz');
      await page.getByTestId('catalogue').waitFor({ state: 'visible' });
      assert.equal(await page.title(), 'dsviz');
      // Give late errors (e.g. from a broken wasm-opt pass at first use) a moment to surface.
      await page.waitForTimeout(300);
      await screenshot(page, `catalogue-${colorScheme}`);
    });
  });
}

test('a deep link to a client-side route serves the app', async () => {
  await withPage(session, '/raft', {}, async (page) => {
    await page.getByTestId('app-title').waitFor({ state: 'visible', timeout: 15_000 });
  });
});

test('an unknown path says so and links to the catalogue', async () => {
  await withPage(session, '/no-such-page', {}, async (page) => {
    await page.getByTestId('not-found').waitFor({ state: 'visible', timeout: 15_000 });
    await page.getByRole('link', { name: 'See every visualization' }).click();
    await page.getByTestId('catalogue').waitFor({ state: 'visible' });
  });
});
