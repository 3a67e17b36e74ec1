import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, COMMISSIONER, COORDINATOR, NURSE, TEACHER, signIn } from "./accounts";
import { HYDRATION_MS } from "./support";

// Runs last (files run in name order): it writes script into a record's names and notes.

/** Text that runs script wherever it is drawn as markup: each sets `window.__pwned` or
 * opens a dialog. */
const PAYLOADS = [
  `<img src=x onerror="window.__pwned=1">`,
  `"><script>window.__pwned=1</script>`,
  `'><svg onload="window.__pwned=1">`,
  `" autofocus onfocus="window.__pwned=1" x="`,
  `<img src=x onerror="alert('pwned')">`,
];

/** Fields whose answers have a shape of their own (dates, numbers, addresses, codes): left
 * as they are, so the form is stored. */
const SHAPED = /(_day|_month|_year|nhs|phone|email|code|password|version|id)$/i;

/** Records every dialog `page` opens (and dismisses it). */
function dialogs(page: Page): string[] {
  const opened: string[] = [];
  page.on("dialog", async (dialog) => {
    opened.push(dialog.message());
    await dialog.dismiss();
  });
  return opened;
}

/** Opens `path`, waits until the WASM client has drawn it (or the page has loaded, where
 * it is refused), and checks that no stored text ran as script. */
async function openAndCheck(page: Page, path: string, opened: string[]) {
  const response = await page.goto(path);
  if (response?.ok()) {
    await expect(page.locator("body[data-hydrated]")).toBeAttached({ timeout: HYDRATION_MS });
  }
  // Give an image's error handler, or a focus handler, its moment.
  await page.waitForLoadState("load");
  await page.waitForTimeout(200);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), `script ran on ${path}`).toBeUndefined();
  expect(opened, `dialogs on ${path}`).toEqual([]);
}

/** Fills every free-text field of the page's main form with script and submits it; true
 * when the page moved on (stored) or at least the form was sent. */
async function fillAndSend(page: Page, path: string, seed: number) {
  await page.goto(path);
  await expect(page.locator("body[data-hydrated]")).toBeAttached({ timeout: HYDRATION_MS });
  const form = page.locator("main form[method=post]").first();
  const fields = form.locator("input[type=text]:visible, input:not([type]):visible, textarea:visible");
  const count = await fields.count();
  for (let i = 0; i < count; i++) {
    const field = fields.nth(i);
    const name = (await field.getAttribute("name")) ?? "";
    if (SHAPED.test(name)) continue;
    const max = Number((await field.getAttribute("maxlength")) ?? 10_000);
    await field.fill(PAYLOADS[(seed + i) % PAYLOADS.length].slice(0, max));
  }
  // A question that must be answered: its first choice, if none is chosen.
  const radios = form.locator("input[type=radio]:visible");
  const groups = new Set<string>();
  for (const radio of await radios.all()) groups.add((await radio.getAttribute("name")) ?? "");
  for (const group of groups) {
    const checked = await form.locator(`input[type=radio][name="${group}"]:checked`).count();
    if (!checked) await form.locator(`input[type=radio][name="${group}"]`).first().check();
  }
  await form.locator("button[type=submit], button:not([type])").first().click();
  await page.waitForLoadState("load");
}

/** A page signed in as `email` that records its dialogs. */
async function signedIn(browser: Browser, email: string | null) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const opened = dialogs(page);
  if (email) {
    await signIn(page, email);
    await expect(page).not.toHaveURL(/\/login$/);
  }
  return { page, opened, context };
}

test("script stored in names, notes and referrals runs on no page, for any role", async ({ browser }) => {
  test.setTimeout(300_000);
  // The coordinator writes script into a record the nurse supports.
  const nurse = await signedIn(browser, NURSE);
  await nurse.page.goto("/register");
  const record = await nurse.page.locator("main a[href^='/people/']").first().getAttribute("href");
  expect(record, "a record on the nurse's board").toBeTruthy();
  const coordinator = await signedIn(browser, COORDINATOR);
  const { page } = coordinator;
  const sections = ["details", "narrative", "keyworker", "contacts/new", "actions/new", "review", "diagnosis", "home", "risks", "consent"];
  for (const [i, section] of sections.entries()) {
    await fillAndSend(page, `${record}/${section}`, i);
  }
  // The rating, with script as its rationale.
  await page.goto(record!);
  await expect(page.locator("body[data-hydrated]")).toBeAttached({ timeout: HYDRATION_MS });
  const rating = page.locator("main form").filter({ has: page.locator("textarea[name=rationale]") }).first();
  await rating.locator("input[type=radio]:not(:checked)").first().check();
  await rating.locator("textarea[name=rationale]").fill(PAYLOADS[0]);
  await rating.locator("button[type=submit], button:not([type])").first().click();

  // A family's referral whose every answer is script, as the referral form sends it, and
  // a triage note on it.
  const family = await page.request.post("/api/submit_referral", {
    headers: { "sec-fetch-site": "same-origin", accept: "application/json" },
    data: {
      key: randomUUID(),
      professional: false,
      website: "",
      answers: {
        for_whom: "my_child",
        given_name: PAYLOADS[0],
        family_name: PAYLOADS[1],
        dob_day: "14",
        dob_month: "2",
        dob_year: "2017",
        knows_nhs_number: "no",
        diagnosis: "both",
        setting: "family_home",
        whats_happening: PAYLOADS[2],
        urgency: "soon",
        others_involved: PAYLOADS[3],
        contact_name: PAYLOADS[4],
        email: "jo.brown@example.com",
        contact_preference: "email",
        contact_notes: PAYLOADS[1],
        consent: "parental",
        child_view: "agrees",
        child_view_words: PAYLOADS[0],
      },
    },
  });
  expect(family.status(), await family.text()).toBe(200);
  await page.goto("/triage");
  const referral = await page.locator("main a[href^='/triage/']").first().getAttribute("href");
  expect(referral).toBeTruthy();
  await fillAndSend(page, referral!, 3);

  // What was stored is shown as text.
  await page.goto(record!);
  await expect(page.getByText(PAYLOADS[0]).first()).toBeVisible();

  const pages = [
    "/register",
    "/register?view=list",
    record!,
    `${record}/history`,
    `${record}/details`,
    "/register/meeting",
    `/register/meeting?person=${record!.split("/")[2]}`,
    "/actions",
    "/triage",
    referral!,
    `${referral}/accept`,
    "/meetings",
    "/admin/accounts",
    "/admin/audit",
    "/figures",
    "/register/closed",
  ];
  await nurse.context.close();
  for (const who of [null, ADMIN, COORDINATOR, NURSE, TEACHER, COMMISSIONER]) {
    const { page, opened, context } = who === COORDINATOR ? coordinator : await signedIn(browser, who);
    for (const path of pages) {
      await openAndCheck(page, path, opened);
    }
    await context.close();
  }
});
