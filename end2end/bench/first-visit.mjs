// A family's first visit, measured (a benchmark, not a test): each public page opened in
// Debian's Chromium with an empty cache, on slow 4G with a 4x slower processor, five times,
// reporting what it transferred, when its content showed and when it was usable, against
// the budget of issue 16. Started by `scripts/bench.sh first-visit` after the release build.
//
// node end2end/bench/first-visit.mjs [--runs 5] [--url http://127.0.0.1:3000]
//
// Without --url it starts the release server itself ($CARGO_TARGET_DIR/release/dsr, site
// target/site) on a fresh SQLite register of 40 fictional people, on port 3190
// (FIRST_VISIT_PORT), and stops it at the end.
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlib } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Slow 4G as Lighthouse defines it: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up
 * (DevTools throttling adds the latency to each request; bytes per second). */
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: 1_600_000 / 8,
  uploadThroughput: 750_000 / 8,
};
/** A mid-range phone's processor: four times slower than this machine's. */
const CPU_SLOWDOWN = 4;

/** The budget for the pages a family opens first (issue 16): the three together, each
 * opened with an empty cache, transfer at most this many bytes... */
const BUDGET_BYTES = 150_000;
/** ...and each shows its content (first contentful paint) and is usable within these. */
const BUDGET_FCP_MS = 1500;
const BUDGET_USABLE_MS = 2000;

/** The pages measured; `budget` marks those the budget covers. */
const PAGES = [
  { path: "/", name: "Home page", budget: true },
  { path: "/accessibility", name: "Accessibility statement", budget: true },
  { path: "/refer", name: "Referral start page", budget: true },
  { path: "/refer?page=who", name: "The form's first question (loads the client)", budget: false },
  { path: "/easy-read", name: "Easy read", budget: false },
];

/** Files listed one by one for each page (the rest are summed). */
const LISTED = 12;

/** The page is settled when nothing has moved (no request open, no new long task) for this long. */
const QUIET_MS = 1000;

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const runs = Number(option("runs", 5));
const kb = (bytes) => (bytes / 1000).toFixed(1);
const s = (ms) => (ms / 1000).toFixed(2);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const worst = (xs) => Math.max(...xs);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Starts the release server on a fresh register; returns its address and a stop function. */
async function startServer() {
  const target = process.env.CARGO_TARGET_DIR ?? join(root, "target");
  const bin = join(target, "release", "dsr");
  if (!existsSync(bin)) {
    throw new Error(`${bin} not found: run \`cargo leptos build --release --split\` first`);
  }
  const dir = mkdtempSync(join(tmpdir(), "dsr-first-visit-"));
  const address = `127.0.0.1:${process.env.FIRST_VISIT_PORT ?? 3190}`;
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite:${join(dir, "dsr.db")}`,
    LEPTOS_SITE_ADDR: address,
    LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? join(root, "target/site"),
    RUST_LOG: "warn",
  };
  execFileSync(bin, ["seed-demo", "--people", "40", "--seed", "7"], { env, stdio: "ignore" });
  const server = spawn(bin, ["serve"], { env, stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://${address}`;
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (tries > 300 || server.exitCode !== null) {
      server.kill();
      throw new Error("the server did not start");
    }
    await sleep(100);
  }
  const stop = () => {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, stop };
}

/** One first visit to `url` in a new browser context (a new profile: empty cache, no
 * open connections). Returns bytes transferred (headers and encoded bodies of every
 * response, the page's and its service worker's), first contentful paint, the time it was
 * usable, whether it loaded the client (any WebAssembly) and the responses. Usable is the
 * latest of the load event, the page's last response and the end of its last long task
 * (the client's start and hydration run as long tasks on a throttled processor), once the
 * page has been quiet for QUIET_MS. */
async function visit(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  await page.addInitScript(() => {
    window.__firstVisitLongTaskEnd = 0;
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) {
        window.__firstVisitLongTaskEnd = Math.max(
          window.__firstVisitLongTaskEnd,
          task.startTime + task.duration,
        );
      }
    }).observe({ type: "longtask", buffered: true });
  });

  const open = new Set();
  const sizes = [];
  const failed = [];
  let moved = Date.now();
  context.on("request", (request) => {
    open.add(request);
    moved = Date.now();
  });
  context.on("requestfinished", (request) => {
    open.delete(request);
    moved = Date.now();
    sizes.push(
      request.sizes().then((size) => ({
        url: request.url(),
        bytes: size.responseHeadersSize + size.responseBodySize,
        worker: request.serviceWorker() !== null,
      })),
    );
  });
  context.on("requestfailed", (request) => {
    open.delete(request);
    moved = Date.now();
    failed.push(`${request.url()} (${request.failure()?.errorText})`);
  });

  const response = await page.goto(url, { waitUntil: "load", timeout: 60_000 });
  if (!response?.ok()) throw new Error(`${url}: ${response?.status()}`);
  let longTaskEnd = 0;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const end = await page.evaluate(() => window.__firstVisitLongTaskEnd);
    if (end !== longTaskEnd) {
      longTaskEnd = end;
      moved = Date.now();
    }
    if (open.size === 0 && Date.now() - moved >= QUIET_MS) break;
    await sleep(100);
  }
  const timing = await page.evaluate(() => {
    const navigation = performance.getEntriesByType("navigation")[0];
    const responses = performance.getEntriesByType("resource").map((r) => r.responseEnd);
    return {
      fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
      settled: Math.max(
        navigation.loadEventEnd,
        navigation.responseEnd,
        ...responses,
        window.__firstVisitLongTaskEnd,
      ),
    };
  });
  const responses = await Promise.all(sizes);
  await context.close();
  return {
    bytes: responses.reduce((sum, r) => sum + r.bytes, 0),
    workerBytes: responses.filter((r) => r.worker).reduce((sum, r) => sum + r.bytes, 0),
    fcp: timing.fcp,
    usable: timing.settled,
    client: responses.some((r) => new URL(r.url).pathname.endsWith(".wasm")),
    responses,
    failed,
  };
}

/** The main WebAssembly file's size raw and brotli (quality 11), from the site directory. */
function mainWasm() {
  const pkg = join(process.env.LEPTOS_SITE_ROOT ?? join(root, "target/site"), "pkg");
  const file = join(pkg, "dsr.wasm");
  if (!existsSync(file)) return null;
  const raw = readFileSync(file);
  const brotli = brotliCompressSync(raw, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_LGWIN]: 22 },
  });
  const precompressed = readdirSync(pkg).some((name) => name.endsWith(".br"));
  return { raw: raw.length, brotli: brotli.length, precompressed };
}

async function main() {
  const server = option("url", null) ? { url: option("url"), stop() {} } : await startServer();
  const rows = [];
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    console.log(
      `# First visit: empty cache, slow 4G (${SLOW_4G.latency} ms round trip, ` +
        `${(SLOW_4G.downloadThroughput * 8) / 1e6} Mbit/s down, ` +
        `${(SLOW_4G.uploadThroughput * 8) / 1e3} kbit/s up), processor ${CPU_SLOWDOWN}x slower, ` +
        `${runs} runs per page, against ${server.url}\n`,
    );
    for (const { path, name, budget } of PAGES) {
      const probe = await fetch(server.url + path);
      if (probe.status === 404) {
        console.log(`(${path} not found: skipped)\n`);
        continue;
      }
      const visits = [];
      for (let run = 0; run < runs; run++) visits.push(await visit(browser, server.url + path));
      const row = {
        path,
        name,
        budget,
        client: visits[0].client,
        bytes: visits.map((v) => v.bytes),
        workerBytes: visits.map((v) => v.workerBytes),
        fcp: visits.map((v) => v.fcp),
        usable: visits.map((v) => v.usable),
      };
      rows.push(row);
      // What one visit fetched: the page's files, heaviest first, and its service worker's.
      const first = visits[0];
      console.log(`## ${path} (${name})${row.client ? ", with the client" : ", no client code"}`);
      const own = first.responses.filter((r) => !r.worker).sort((a, b) => b.bytes - a.bytes);
      for (const r of own.slice(0, LISTED)) {
        const where = new URL(r.url);
        const shown = where.origin === new URL(server.url).origin ? where.pathname + where.search : r.url;
        console.log(`- ${kb(r.bytes).padStart(7)} KB ${shown}`);
      }
      const rest = own.slice(LISTED);
      if (rest.length > 0) {
        console.log(`- ${kb(rest.reduce((sum, r) => sum + r.bytes, 0)).padStart(7)} KB in ${rest.length} more files`);
      }
      const kept = first.responses.filter((r) => r.worker);
      if (kept.length > 0) {
        console.log(
          `- ${kb(kept.reduce((sum, r) => sum + r.bytes, 0)).padStart(7)} KB in ${kept.length} files ` +
            "its service worker fetched to keep (not throttled: DevTools throttles the page only)",
        );
      }
      for (const f of first.failed) console.log(`- failed: ${f}`);
      console.log();
    }
  } finally {
    await browser?.close();
    server.stop();
  }

  const verdict = (ok) => (ok ? "PASS" : "FAIL");
  console.log("| Page | Client code | Transferred, median / worst | First contentful paint, median / worst | Usable, median / worst | Budget |");
  console.log("|---|---|---|---|---|---|");
  for (const r of rows) {
    const within = median(r.fcp) <= BUDGET_FCP_MS && median(r.usable) <= BUDGET_USABLE_MS;
    console.log(
      `| \`${r.path}\` | ${r.client ? "yes" : "none"} | ${kb(median(r.bytes))} / ${kb(worst(r.bytes))} KB` +
        (median(r.workerBytes) > 0 ? ` (service worker: ${kb(median(r.workerBytes))} KB)` : "") +
        " " +
        `| ${s(median(r.fcp))} / ${s(worst(r.fcp))} s | ${s(median(r.usable))} / ${s(worst(r.usable))} s ` +
        `| ${r.budget ? `${verdict(within)} (times)` : "not covered"} |`,
    );
  }
  const covered = rows.filter((r) => r.budget);
  const total = covered.reduce((sum, r) => sum + median(r.bytes), 0);
  const totalWorst = covered.reduce((sum, r) => sum + worst(r.bytes), 0);
  console.log(
    `| The three together (${covered.map((r) => `\`${r.path}\``).join(", ")}), each with an empty cache ` +
      `| — | ${kb(total)} / ${kb(totalWorst)} KB | — | — | ${verdict(total <= BUDGET_BYTES)} (≤ ${kb(BUDGET_BYTES)} KB) |`,
  );
  const wasm = mainWasm();
  if (wasm) {
    console.log(
      `\nMain WebAssembly file (dsr.wasm): ${kb(wasm.raw)} KB raw, ${kb(wasm.brotli)} KB brotli ` +
        `(quality 11; target < 300 KB: ${verdict(wasm.brotli < 300_000)}); ` +
        `${wasm.precompressed ? "served precompressed" : "compressed as served (no .br files beside it)"}`,
    );
  }
  console.log(
    `\nBudget: the three pages' median transfers together ≤ ${kb(BUDGET_BYTES)} KB; each page's median ` +
      `first contentful paint ≤ ${s(BUDGET_FCP_MS)} s and usable ≤ ${s(BUDGET_USABLE_MS)} s. KB = 1,000 bytes.`,
  );
}

await main();
