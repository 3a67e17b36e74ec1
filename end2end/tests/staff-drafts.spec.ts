import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, NURSE, TEACHER, signIn } from "./accounts";
import { expectAccessible, openHydrated } from "./support";

// Two accounts take turns on one browser: each test signs them in itself.
test.use({ storageState: { cookies: [], origins: [] } });

/** The keys of this browser's staff drafts. */
async function staffDraftKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("dsr-staff-draft:")));
}

/** Signs the nurse in, opens the professional referral form and names the person;
 * stops on the date of birth page. Returns the key her draft is kept under. */
async function nurseStartsReferral(page: Page, last: string): Promise<string> {
  await signIn(page, NURSE);
  await expect(page).toHaveURL(/\/register$/);
  await openHydrated(page, "/register/refer");
  await page.getByRole("button", { name: "Start now" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "What is the person's name?" })).toBeVisible();
  await page.getByLabel("First name").fill("Sam");
  await page.getByLabel("Last name").fill(last);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/page=date-of-birth/);
  const keys = await staffDraftKeys(page);
  expect(keys, "one staff draft, kept under her account").toHaveLength(1);
  expect(await page.evaluate((k) => localStorage.getItem(k), keys[0])).toContain(last);
  return keys[0];
}

/** Signs the teacher in, opens the professional referral form and checks that it is a
 * new form with none of `nurseKey`'s answers left in the browser. */
async function teacherFindsNoDraft(page: Page, nurseKey: string) {
  await signIn(page, TEACHER);
  await expect(page).toHaveURL(/\/register$/);
  await openHydrated(page, "/register/refer");
  await expect(page.getByRole("button", { name: "Start now" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "You have started this form before" })).toHaveCount(0);
  expect(await page.evaluate((k) => localStorage.getItem(k), nurseKey)).toBeNull();
  expect(await staffDraftKeys(page)).toEqual([]);
  await expectAccessible(page);
}

test("signing out deletes a staff draft, and the next person is not offered it", async ({ page }) => {
  // A family's draft on the same browser is not a staff draft: it stays.
  await openHydrated(page, "/refer?page=name");
  await page.getByLabel("First name").fill("Mia");
  await expect.poll(() => page.evaluate(() => localStorage.getItem("dsr-draft:self-referral"))).toContain("Mia");

  const nurseKey = await nurseStartsReferral(page, "Signedout");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(await staffDraftKeys(page), "deleted at sign-out").toEqual([]);
  expect(await page.evaluate(() => localStorage.getItem("dsr-draft:self-referral"))).toContain("Mia");

  await teacherFindsNoDraft(page, nurseKey);
});

test("another account signing in on the browser is not offered the last one's draft", async ({ page, context }) => {
  const nurseKey = await nurseStartsReferral(page, "Leftbehind");
  // The nurse leaves without signing out; her session ends.
  await context.clearCookies();
  await teacherFindsNoDraft(page, nurseKey);
});

test("a queued send is deleted, never sent, when another account has signed in", async ({ page, context }) => {
  const sends: string[] = [];
  page.on("request", (r) => { if (r.url().includes("/api/submit_referral")) sends.push(r.url()); });
  const nurseKey = await nurseStartsReferral(page, "Queued");
  const next = async (slug: string) => {
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(new RegExp(`page=${slug}`));
  };
  await page.getByLabel("Day").fill("3");
  await page.getByLabel("Month").fill("4");
  await page.getByLabel("Year").fill("1998");
  await next("nhs-number");
  await page.getByRole("radio", { name: "No, I do not know it" }).check();
  await next("diagnosis");
  await page.getByRole("radio", { name: "Autism", exact: true }).check();
  await next("home");
  await page.getByRole("radio", { name: "Family home" }).check();
  await next("whats-happening");
  await page.getByLabel("What is happening, and why is help needed now?").fill("Placement breaking down.");
  await next("urgency");
  await page.getByRole("radio", { name: "Soon: help is needed within the next few weeks" }).check();
  await next("current-issues");
  await page.getByLabel("What current issues could lead to a hospital admission?").fill("Self-injury at night.");
  await page.getByLabel("What has been tried so far?").fill("Positive behaviour support plan.");
  await next("risk");
  await page.getByRole("checkbox", { name: "Recent A&E or crisis contacts" }).check();
  await page.getByRole("radio", { name: /^Amber/ }).check();
  await next("others-involved");
  await next("contact");
  await page.getByLabel("Contact name").fill("Nurse Demo");
  await page.getByLabel("Telephone number").fill("07700 900123");
  await page.getByRole("radio", { name: "Phone call" }).check();
  await next("consent");
  await page.getByRole("radio", { name: "Yes, they agree" }).check();
  await next("check");

  await context.setOffline(true);
  await page.getByRole("button", { name: "Send referral" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your form is waiting to be sent" })).toBeVisible();
  expect(await page.evaluate((k) => JSON.parse(localStorage.getItem(k)!).queued, nurseKey)).toBe(true);

  // While the page waits, the nurse's session ends and the teacher signs in on this
  // browser (not through this page).
  await context.clearCookies();
  const site = new URL(page.url()).origin;
  const login = await context.request.post("/api/login", {
    form: { email: TEACHER, password: DEMO_PASSWORD },
    headers: { Origin: site },
    maxRedirects: 0,
  });
  expect(login.status(), await login.text()).toBeLessThan(400);
  expect((await context.cookies()).length, "the teacher's session cookie").toBeGreaterThan(0);

  await context.setOffline(false);
  await expect(page.getByRole("heading", { level: 1, name: "Your referral was not sent" })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("a different account is now signed in on this browser");
  expect(sends, "never sent under the teacher").toEqual([]);
  expect(await staffDraftKeys(page)).toEqual([]);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Start a new referral" }).click();
  await expect(page.getByRole("button", { name: "Start now" })).toBeVisible();
  expect(sends).toEqual([]);
});
