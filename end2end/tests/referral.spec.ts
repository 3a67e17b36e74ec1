import { expect, test } from "@playwright/test";
import { NURSE, STAFF_STATE, signIn, staffPage } from "./accounts";
import { auditEachPage, child, finishFamilyReferral, inboxRows, openForm, reopenAt, sentReference, startFamilyReferral } from "./referral";
import { cardsIn, expectAccessible, HYDRATION_MS, openHydrated } from "./support";

// Families are not signed in.
test.use({ storageState: { cookies: [], origins: [] } });

test("the home page explains the register in easy words and opens the form", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Dynamic Support Register" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Do I have to join?" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Complete self-referral form" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Refer yourself or your child/ })).toBeVisible();
  await expectAccessible(page);
});

test("answers survive closing the page, and can be deleted", async ({ context }) => {
  const who = child("Closedtab");
  let page = await context.newPage();
  await startFamilyReferral(page, who);
  await expect(page.getByText("We keep your answers as you go")).toBeVisible();
  await page.close();

  page = await context.newPage();
  await openForm(page);
  await expect(page.getByRole("heading", { name: "You have started this form before" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Continue with my answers" }).click();
  await expect(page).toHaveURL(/page=nhs-number/);
  await page.getByRole("link", { name: "Back" }).click();
  await expect(page.getByLabel("Year")).toHaveValue("2017");
  await page.getByRole("link", { name: "Back" }).click();
  await expect(page.getByLabel("Last name")).toHaveValue(who.last);

  // Deleting asks first, on a page of its own.
  await page.getByRole("link", { name: "Delete my answers" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Are you sure you want to delete your answers?" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Yes, delete my answers" }).click();
  await expect(page.getByText("Your answers have been deleted")).toBeVisible();
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
  await openForm(page);
  await expect(page.getByRole("heading", { name: "You have started this form before" })).toHaveCount(0);
});

test("answers older than the setting are deleted, not offered", async ({ page }) => {
  await startFamilyReferral(page, child("Expired"));
  await page.evaluate(() => {
    const key = "dsr-draft:self-referral";
    const draft = JSON.parse(localStorage.getItem(key)!);
    draft.expires_at = new Date(Date.now() - 1000).toISOString();
    localStorage.setItem(key, JSON.stringify(draft));
  });
  // The copy on the server expires with it (both are kept until the same last change).
  await page.context().clearCookies();
  await openForm(page);
  await expect(page.getByRole("heading", { level: 1, name: "Who are you referring?" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "You have started this form before" })).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
});

test("a mistake is named in an error summary whose links move focus", async ({ page }) => {
  await openHydrated(page, "/refer?page=name");
  await page.getByLabel("First name").fill("Mia");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Enter a last name");
  await expect(page.locator(".nhsuk-error-summary")).toBeFocused();
  await expectAccessible(page);
  await summary.getByRole("link", { name: "Enter a last name" }).click();
  await expect(page.getByLabel("Last name")).toBeFocused();
  await page.getByLabel("Last name").fill("Script<b>");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/page=date-of-birth/);
  await page.getByLabel("Day").fill("31");
  await page.getByLabel("Month").fill("2");
  await page.getByLabel("Year").fill("2015");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toContainText("Date of birth must be a real date");
  await page.getByRole("link", { name: "Delete my answers" }).click();
  await page.getByRole("button", { name: "Yes, delete my answers" }).click();
  await expect(page.getByText("Your answers have been deleted")).toBeVisible();
});

test("urgency is asked in plain words, and phones get the right keyboard", async ({ page }) => {
  await startFamilyReferral(page, child("Keyboards"));
  // An NHS number takes digits (with spaces): a number pad, and plain words when it is wrong.
  await page.getByRole("radio", { name: "Yes, I know it" }).check();
  const nhs = page.getByLabel("NHS number");
  await expect(nhs).toHaveAttribute("inputmode", "numeric");
  await nhs.fill("401 023 2138");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toContainText("This is not a real NHS number. Check each digit, or choose 'No' if you do not know it");
  // A child's date of birth is not offered the parent's own birthday.
  await reopenAt(page, "date-of-birth");
  for (const part of ["Day", "Month", "Year"]) await expect(page.getByLabel(part)).toHaveAttribute("autocomplete", "off");
  await reopenAt(page, "urgency");
  await expect(page.getByRole("heading", { level: 1, name: "How urgent is this?" })).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveTitle(/^Error: How urgent is this\?/);
  await expect(page.getByRole("alert")).toContainText("Select how urgent this is");
  await expectAccessible(page);
  await page.getByRole("radio", { name: "Things are getting worse quickly: we need help in the next few days" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/page=others-involved/);
  // Telephone and email fields bring up their own keyboards: nothing overrides the type.
  await reopenAt(page, "contact");
  const phone = page.getByLabel("Telephone number");
  await expect(phone).toHaveAttribute("type", "tel");
  await expect(phone).not.toHaveAttribute("inputmode");
  const email = page.getByLabel("Email address");
  await expect(email).toHaveAttribute("type", "email");
  await expect(email).not.toHaveAttribute("inputmode");
});

for (const width of [390, 320]) {
  test(`the triage inbox reflows ${width} pixels wide, with nothing to scroll sideways`, async ({ browser }) => {
    // 320 CSS pixels is also a 1280-pixel screen at 400% zoom.
    const staff = await (await browser.newContext({ storageState: STAFF_STATE, viewport: { width, height: 800 } })).newPage();
    await openHydrated(staff, "/triage");
    // The demo's urgent referral, tagged, every value beside its column's name.
    const row = staff.getByRole("row").filter({ hasText: "Ellis Marsh" });
    await expect(row.getByText("Urgent", { exact: true })).toBeVisible();
    await expect(row.getByText("Urgency", { exact: true })).toBeVisible();
    const overflow = await staff.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "the page does not scroll sideways").toBeLessThanOrEqual(0);
    await expectAccessible(staff);
  });
}

test("a send made offline waits, then arrives exactly once when back online", async ({ context, browser }) => {
  const who = child("Offlinesend");
  const page = await context.newPage();
  const sends: string[] = [];
  page.on("request", (r) => { if (r.url().includes("/api/submit_referral")) sends.push(r.url()); });
  await auditEachPage(async () => {
    await startFamilyReferral(page, who);
    await finishFamilyReferral(page, who);
  });
  await expectAccessible(page);
  await context.setOffline(true);
  await page.getByRole("button", { name: "Send referral" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your form is waiting to be sent" })).toBeVisible();
  await expect(page.getByText("We could not reach our server. You may be offline.")).toBeVisible();
  await expectAccessible(page);
  expect(sends, "nothing reaches the server while offline").toHaveLength(0);
  await context.setOffline(false);
  const reference = await sentReference(page);
  expect(reference).toMatch(/^R-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  expect(sends).toHaveLength(1);
  expect(await page.evaluate(() => localStorage.length), "nothing kept after a confirmed send").toBe(0);
  await expectAccessible(page);

  const staff = await staffPage(browser);
  const rows = await inboxRows(staff, `Mia ${who.last}`);
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(reference);
  await expectAccessible(staff);
});

test("pressing send twice quickly makes one referral", async ({ page, browser }) => {
  const who = child("Doubleclick");
  await startFamilyReferral(page, who);
  await finishFamilyReferral(page, who);
  await page.getByRole("button", { name: "Send referral" }).dblclick();
  await sentReference(page);
  const staff = await staffPage(browser);
  await expect(await inboxRows(staff, `Mia ${who.last}`)).toHaveCount(1);
});

test("with no connection on a second visit, the form still opens with its answers", async ({ context, browser }) => {
  const who = child("Nosignal");
  let page = await context.newPage();
  await startFamilyReferral(page, who);
  // The service worker has kept the form and its files.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.close();

  await context.setOffline(true);
  page = await context.newPage();
  const response = await page.goto("/refer");
  expect(response?.fromServiceWorker(), "answered by the service worker").toBe(true);
  expect(response?.headers()["x-dsr-kept-copy"], "from its kept copy, not the network").toBe("1");
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await page.getByRole("button", { name: "Continue with my answers" }).click();
  await finishFamilyReferral(page, who);
  await page.getByRole("button", { name: "Send referral" }).click();
  await expect(page.getByText("Your form has not been sent yet")).toBeVisible();
  await context.setOffline(false);
  await sentReference(page);
  const staff = await staffPage(browser);
  await expect(await inboxRows(staff, `Mia ${who.last}`)).toHaveCount(1);
});

test("the whole form can be filled in with the keyboard alone", async ({ page }) => {
  const who = child("Keyboard");
  await page.goto("/refer");
  /** Presses Tab until `name`d control has focus (at most 60 presses). */
  const tabTo = async (role: "button" | "radio" | "textbox" | "link", name: string | RegExp) => {
    const target = page.getByRole(role, { name, exact: typeof name === "string" });
    for (let i = 0; i < 60; i++) {
      if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
      await page.keyboard.press("Tab");
    }
    throw new Error(`could not reach ${role} ${name} with Tab`);
  };
  const type = async (label: string, text: string) => { await tabTo("textbox", label); await page.keyboard.type(text); };
  /** Tabs into the radio group of `label`, then moves to it with the arrow keys (which
   * choose as they move) or, if it already has focus, presses Space. */
  const choose = async (label: string) => {
    const target = page.getByRole("radio", { name: label, exact: true });
    const group = await target.getAttribute("name");
    for (let i = 0; i < 60; i++) {
      if (await page.evaluate((g) => (document.activeElement as HTMLInputElement | null)?.name === g, group)) break;
      await page.keyboard.press("Tab");
    }
    for (let i = 0; i < 10 && !(await target.isChecked()); i++) {
      const focused = await target.evaluate((el) => el === document.activeElement);
      await page.keyboard.press(focused ? "Space" : "ArrowDown");
    }
    await expect(target).toBeChecked();
  };
  await tabTo("button", "Start now");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=who/);
  await expect(page.locator("body[data-hydrated]")).toBeAttached({ timeout: HYDRATION_MS });
  await choose("My child");
  await tabTo("button", "Continue");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=name/);
  await type("First name", who.first);
  await type("Last name", who.last);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=date-of-birth/);
  await type("Day", who.day);
  await type("Month", who.month);
  await type("Year", who.year);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=nhs-number/);
  await choose("Yes, I know it");
  await type("NHS number", "401 023 2137");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=diagnosis/);
  await choose("Learning disability");
  await tabTo("button", "Continue");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=home/);
  await choose("Family home");
  await tabTo("button", "Continue");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=whats-happening/);
  await type("What is happening, and why is help needed now?", "Crisis at home.");
  await tabTo("button", "Continue");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=urgency/);
  await choose("Things are getting worse quickly: we need help in the next few days");
  await tabTo("button", "Continue");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=others-involved/);
  await tabTo("button", "Continue");
  await page.keyboard.press("Enter");
  await type("Your name", who.parent);
  await type("Telephone number", "07700 900982");
  await choose("Phone call");
  await tabTo("button", "Continue");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=consent/);
  await choose("Yes, I have parental responsibility and I agree");
  await choose("They could not tell us, or could not be asked");
  await tabTo("button", "Continue");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=check/);
  await tabTo("button", "Send referral");
  await page.keyboard.press("Enter");
  await sentReference(page);
});

test("a coordinator accepts a referral and the person appears on an open board", async ({ page, browser }) => {
  const who = child("Accepted");
  await startFamilyReferral(page, who);
  await finishFamilyReferral(page, who);
  await page.getByRole("button", { name: "Send referral" }).click();
  await sentReference(page);

  const board = await staffPage(browser);
  await openHydrated(board, "/register");
  const staff = await staffPage(browser);
  await (await inboxRows(staff, `Mia ${who.last}`)).getByRole("link", { name: `Mia ${who.last}` }).click();
  await expect(staff.getByRole("heading", { level: 1, name: `Mia ${who.last}` })).toBeVisible();
  await expectAccessible(staff);
  await staff.getByRole("radio", { name: "A contact with the family or referrer" }).check();
  await staff.getByLabel("Details").fill("Phoned Jo; visit booked.");
  await staff.getByRole("button", { name: "Save" }).click();
  await expect(staff.getByText("Phoned Jo; visit booked.")).toBeVisible();
  await staff.getByRole("button", { name: "Accept onto the register" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: `Accept Mia ${who.last} onto the register` })).toBeVisible();
  await expectAccessible(staff);
  await staff.getByRole("button", { name: "Add to the register" }).click();
  await expect(staff.getByRole("alert")).toContainText("Select whether the person consented");
  await staff.getByLabel("NHS number").fill("401 023 2137");
  await staff.getByRole("radio", { name: /^Amber/ }).check();
  await staff.getByLabel("Reason for the rating").fill("Assessed at home visit.");
  await staff.getByRole("radio", { name: "Consent given" }).check();
  await staff.getByLabel("Who gave consent, or who made the decision").fill(who.parent);
  await staff.getByLabel("How consent was given, or the decision-maker's role").fill("In writing");
  const today = new Date();
  await staff.getByLabel("Day").fill(String(today.getDate()));
  await staff.getByLabel("Month").fill(String(today.getMonth() + 1));
  await staff.getByLabel("Year").fill(String(today.getFullYear()));
  await staff.getByRole("button", { name: "Add to the register" }).click();
  await expect(staff).toHaveURL(/\/people\//);
  await expect(staff.getByRole("heading", { level: 1 })).toContainText(who.last);

  // The open board shows the new person without a reload.
  await expect.poll(async () => (await cardsIn(board, "Amber")).some((c) => c.name.includes(who.last))).toBe(true);
});

test("a professional's referral asks more, and its pages pass axe-core", async ({ page }) => {
  await signIn(page, NURSE);
  await expect(page).toHaveURL(/\/register$/);
  await page.getByRole("link", { name: "Refer someone" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Refer someone to the Dynamic Support Register" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Start now" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "What is the person's name?" })).toBeVisible();
  await openHydrated(page, "/register/refer?page=risk");
  await expect(page.getByRole("heading", { level: 1, name: "Risk and suggested rating" })).toBeVisible();
  await page.getByRole("checkbox", { name: "Recent A&E or crisis contacts" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toContainText("Select the rating you suggest");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Delete my answers" }).click();
  await page.getByRole("button", { name: "Yes, delete my answers" }).click();
  await expect(page.getByText("Your answers have been deleted from this device.")).toBeVisible();
});
