// The catalogue page: the app loads from the release build, renders its title, and logs no errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSession, withPage, screenshot, byId, waitForTestId } from './harness.mjs';

const session = useSession();

for (const colorScheme of ['light', 'dark']) {
  test(`catalogue page loads and shows the title (${colorScheme})`, async () => {
    await withPage(session(), '/', { colorScheme }, async (page) => {
      await waitForTestId(page, 'app-title');
      assert.equal((await byId(page, 'app-title').textContent())?.trim(), 'dsviz');
      await waitForTestId(page, 'catalogue');
      assert.equal(await page.title(), 'dsviz');
      // Give late errors (e.g. from a broken wasm-opt pass at first use) a moment to surface.
      await page.waitForTimeout(300);
      await screenshot(page, `catalogue-${colorScheme}`);
    });
  });
}

test('a deep link to a client-side route serves the app', async () => {
  await withPage(session(), '/raft', {}, async (page) => {
    await waitForTestId(page, 'app-title');
  });
});

test('an unknown path says so and links to the catalogue', async () => {
  await withPage(session(), '/no-such-page', {}, async (page) => {
    await waitForTestId(page, 'not-found');
    await page.getByRole('link', { name: 'See every visualization' }).click();
    await waitForTestId(page, 'catalogue');
  });
});
