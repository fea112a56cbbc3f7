// Browser benchmark (not a test): frame times while the Raft page, the 64-node stress fixture and the 256-node
// gossip page play, the time from navigation to the first rendered Raft frame, and the gzip size of what the
// browser downloads.
// Usage, after scripts/build-release.sh has built the release site into dist/:
//   node tests/bench/frame-time.mjs [seconds] [only]
// `only` keeps the measurements whose name contains it (e.g. `gossip`, on a site holding that family alone).
// Prints one JSON object per measurement.
import zlib from 'node:zlib';
import { startSession } from '../e2e/harness.mjs';

const seconds = Number(process.argv[2] ?? 5);
const only = process.argv[3] ?? '';
const session = await startSession();

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

async function measure(name, url, speed) {
  if (!name.includes(only)) return;
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
  // Messages drawn one by one, plus those painted as dots on the canvas when the ring is crowded.
  const inFlight = await page.evaluate(() =>
    document.querySelectorAll('.ring-messages > [data-testid^=message-]').length
    + Number(document.querySelector('[data-testid=message-canvas]')?.dataset.count ?? 0));
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

// What a first visit to `url` downloads: the gzip (-9) bytes of every .wasm and .js it loads.
async function firstVisit(name, url) {
  if (!name.includes(only)) return;
  const context = await session.browser.newContext();
  const page = await context.newPage();
  const bodies = [];
  page.on('response', async (res) => {
    if (/\.(wasm|js)$/.test(new URL(res.url()).pathname)) bodies.push(res.body().catch(() => Buffer.alloc(0)));
  });
  await page.goto(new URL(url, session.baseUrl).href, { waitUntil: 'networkidle' });
  const files = await Promise.all(bodies);
  await context.close();
  const raw = files.reduce((n, b) => n + b.length, 0);
  const gzip = files.reduce((n, b) => n + zlib.gzipSync(b, { level: 9 }).length, 0);
  console.log(JSON.stringify({ scenario: `first visit ${name}`, files: files.length, raw_bytes: raw, gzip_bytes: gzip }));
}

try {
  await measure('raft 5 nodes at 1x', '/raft?seed=1', 0);
  await measure('raft 5 nodes at 10x', '/raft?seed=1', 1);
  await measure('raft 9 nodes at 1x', '/raft?nodes=9&seed=1', 0);
  await measure('raft 9 nodes at 10x', '/raft?nodes=9&seed=1', 1);
  // 64 servers, 500+ messages in flight (Raft's "stress" scenario).
  await measure('stress 64 nodes at 1x', '/stress', 0);
  // 256 gossip nodes, push-pull: every node sends each round, hundreds of messages in flight.
  await measure('gossip 256 nodes at 1x', '/gossip?scenario=spread', 0);
  await measure('gossip 256 nodes at 10x', '/gossip?scenario=spread', 1);
  await firstVisit('/ (catalogue)', '/');
  await firstVisit('/raft', '/raft');
  await firstVisit('/bloom', '/bloom');
  await firstVisit('/gossip', '/gossip');
} finally {
  await session.close();
}
