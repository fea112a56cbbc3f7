// The catalogue page: the app loads from the release build, renders its title, and logs no errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, openPage, assertNoProblems, screenshot } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

for (const colorScheme of ['light', 'dark']) {
  test(`catalogue page loads and shows the title (${colorScheme})`, async () => {
    const { page, problems, close } = await openPage(session, '/', { colorScheme });
    try {
      const title = page.getByTestId('app-title');
      await title.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal((await title.textContent())?.trim(), 'dsviz');
      await page.getByTestId('catalogue').waitFor({ state: 'visible' });
      assert.equal(await page.title(), 'dsviz');
      // Give late errors (e.g. from a broken wasm-opt pass at first use) a moment to surface.
      await page.waitForTimeout(300);
      await screenshot(page, `catalogue-${colorScheme}`);
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });
}

test('a deep link to a client-side route serves the app', async () => {
  const { page, problems, close } = await openPage(session, '/raft');
  try {
    await page.getByTestId('app-title').waitFor({ state: 'visible', timeout: 15_000 });
    assertNoProblems(problems);
  } finally {
    await close();
  }
});
