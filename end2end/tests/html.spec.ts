import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";

/** The Nu HTML Checker, from the npm package `vnu-jar`. */
const VNU_JAR = join(__dirname, "../../node_modules/vnu-jar/build/dist/vnu.jar");

/** Public pages, as a family sees them (not signed in). */
const PUBLIC_PAGES = [
  "/",
  "/accessibility",
  "/easy-read",
  "/refer",
  "/refer?page=who",
  "/refer?page=name",
  "/refer?page=date-of-birth",
  "/refer?page=nhs-number",
  "/refer?page=whats-happening",
  "/refer?page=urgency",
  "/refer?page=contact",
  "/refer?page=consent",
  "/refer?page=check",
  "/refer?page=delete",
  "/login",
  "/join",
];

/** The main staff pages, as the demo coordinator sees them; `/people/…` is added from the
 * board's first card. */
const STAFF_PAGES = ["/register", "/register?view=list", "/meetings", "/triage", "/actions"];

/** One message of the checker's JSON output. */
interface Message {
  url?: string;
  message: string;
  extract?: string;
  hiliteStart?: number;
  hiliteLength?: number;
  lastLine?: number;
  firstColumn?: number;
}

/** Errors caused by what Leptos writes for hydration, the only ones let through:
 * - `<!>`, the empty comment marking a place in the page for hydration: HTML parses it as a
 *   bogus comment (the checker's highlight ends with it, and may start a little before);
 * - the data it serializes for hydration, sent on purpose after the page as
 *   `<script nonce="…">` after `</html>` (`leptos_integration_utils`): a stray start tag,
 *   after which the checker stops ("Cannot recover…"). `html` checks that nothing else
 *   follows `</html>`, so nothing of the page goes unchecked.
 * Its other marks (comments such as `<!--<() />-->`) are valid. */
function isHydrationMarker(m: Message): boolean {
  const extract = m.extract ?? "";
  const start = m.hiliteStart ?? 0;
  const before = extract.slice(0, start);
  const flagged = extract.slice(start, start + (m.hiliteLength ?? 0));
  const afterPage = before.includes("</html>") && flagged.startsWith("<script nonce=");
  switch (m.message) {
    case "Bogus comment.":
      return flagged.endsWith("<!>");
    case "Stray start tag “script”.":
    case "Cannot recover after last error. Any further errors will be ignored.":
      return afterPage;
    default:
      return false;
  }
}

/** After `</html>`, only hydration markers and the framework's data scripts. */
const AFTER_PAGE = /^(?:<!>|<script nonce="[\w-]+">[\s\S]*?<\/script>)*$/;

/** The server's HTML for `path`, answered directly (200, no redirect). */
async function html(request: APIRequestContext, path: string): Promise<string> {
  const response = await request.get(path, { maxRedirects: 0 });
  expect(response.status(), path).toBe(200);
  expect(response.headers()["content-type"], path).toMatch(/^text\/html/);
  const body = await response.text();
  const end = body.indexOf("</html>");
  expect(end, `${path} ends`).toBeGreaterThan(0);
  expect(body.slice(end + "</html>".length), `${path} after </html>`).toMatch(AFTER_PAGE);
  return body;
}

/** Runs the checker once on every page and returns its errors, page by page. */
function check(pages: Map<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), "dsr-html-"));
  try {
    const files = [...pages].map(([path, body], n) => {
      const file = join(dir, `${n}.html`);
      writeFileSync(file, body);
      return { path, file };
    });
    const run = spawnSync(
      process.env.JAVA ?? "java",
      ["-jar", VNU_JAR, "--errors-only", "--format", "json", "--stdout", ...files.map((f) => f.file)],
      { encoding: "utf8", maxBuffer: 64 << 20 },
    );
    // It exits with 1 when it finds errors: what it printed says whether it ran.
    expect((run.stdout ?? "").startsWith("{"), `the checker ran: ${run.error ?? run.stderr}`).toBe(true);
    const { messages } = JSON.parse(run.stdout) as { messages: Message[] };
    const pathOf = (url = "") => files.find((f) => url.endsWith(`/${f.file.split("/").pop()}`))?.path ?? url;
    return messages
      .filter((m) => !isHydrationMarker(m))
      .map((m) => `${pathOf(m.url)} ${m.lastLine ?? "?"}:${m.firstColumn ?? "?"} ${m.message}${m.extract ? ` in ${JSON.stringify(m.extract)}` : ""}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("every page's server-rendered HTML passes the Nu HTML Checker", async ({ playwright, request, baseURL }) => {
  test.setTimeout(120_000);
  const pages = new Map<string, string>();

  const family = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  for (const path of PUBLIC_PAGES) {
    pages.set(path, await html(family, path));
  }
  await family.dispose();

  const board = await html(request, "/register");
  const person = board.match(/href="(\/people\/[^"/?#]+)"/)?.[1];
  expect(person, "a person's link on the board").toBeDefined();
  for (const path of [...STAFF_PAGES, person!]) {
    pages.set(path, await html(request, path));
  }

  expect(check(pages)).toEqual([]);
});
