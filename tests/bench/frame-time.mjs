// Browser benchmark (not a test): frame times while the Raft page and the 64-node stress fixture play, the time from
// navigation to the first rendered Raft frame, and the gzip size of what the browser downloads.
// Usage, after a release build into dist/ (scripts/test.sh makes one):
//   node tests/bench/frame-time.mjs [seconds]
// Prints one JSON object per measurement.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startSession } from '../e2e/harness.mjs';
import { defaultDist } from '../serve-dist.mjs';

const seconds = Number(process.argv[2] ?? 5);
const session = await startSession();

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

async function measure(name, url, speed) {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(new URL(url, session.baseUrl).href);
  await page.getByTestId('node-ring').waitFor({ state: 'visible' });
  const firstFrameMs = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
  await page.getByTestId('speed').fill(String(speed));
  await page.getByTestId('play').click();
  const deltas = await page.evaluate((ms) => new Promise((resolve) => {
    const out = [];
    let last = performance.now();
    const end = last + ms;
    function frame(now) {
      out.push(now - last);
      last = now;
      if (now < end) requestAnimationFrame(frame); else resolve(out);
    }
    requestAnimationFrame(frame);
  }), seconds * 1000);
  // Messages drawn one by one, plus those drawn as dots when the ring is crowded.
  const inFlight = await page.evaluate(() =>
    document.querySelectorAll('.ring-messages > [data-testid^=message-]').length
    + [...document.querySelectorAll('[data-testid=message-dots] path')].reduce((n, p) => n + Number(p.dataset.count), 0));
  const step = Number(await page.getByTestId('step-index').textContent());
  await context.close();
  const sorted = deltas.slice(1).sort((a, b) => a - b);
  console.log(JSON.stringify({
    scenario: name,
    frames: sorted.length,
    frame_ms_p50: +quantile(sorted, 0.5).toFixed(2),
    frame_ms_p95: +quantile(sorted, 0.95).toFixed(2),
    frame_ms_max: +sorted[sorted.length - 1].toFixed(2),
    first_frame_ms: +firstFrameMs.toFixed(1),
    steps_played: step,
    messages_on_screen_at_end: inFlight,
  }));
}

try {
  await measure('raft 9 nodes at 10x', '/raft?nodes=9&seed=1', 1);
  await measure('raft 9 nodes at 100x', '/raft?nodes=9&seed=1', 2);
  // 64 servers, 500+ messages in flight (web/src/viz/stress.rs).
  await measure('stress 64 nodes at 1x', '/stress', 0);
  const dist = process.env.DSVIZ_DIST ?? defaultDist;
  let raw = 0, gzip = 0;
  for (const file of fs.readdirSync(dist).filter((f) => /\.(wasm|js)$/.test(f))) {
    const bytes = fs.readFileSync(path.join(dist, file));
    raw += bytes.length;
    gzip += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  console.log(JSON.stringify({ scenario: 'download size (wasm + js)', raw_bytes: raw, gzip_bytes: gzip }));
} finally {
  await session.close();
}
