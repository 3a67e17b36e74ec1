import { expect, type Page } from "@playwright/test";
import { expectAccessible, HYDRATION_MS, openHydrated } from "./support";

/** A family's answers: a 9-year-old with a made-up surname unique to the test. */
export function child(surname: string) {
  return { first: "Mia", last: surname, day: "14", month: "2", year: "2017", parent: "Jo " + surname };
}

/** Whether each question page is checked with axe-core as it is filled in. */
let auditing = false;

/** Checks every page of the journey with axe-core while `run` fills it in. */
export async function auditEachPage(run: () => Promise<void>) {
  auditing = true;
  try {
    await run();
  } finally {
    auditing = false;
  }
}

/** Presses Continue (checking the page with axe-core first when auditing) and waits for
 * the next page's address. */
async function next(page: Page, slug: string) {
  if (auditing) await expectAccessible(page);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(new RegExp(`page=${slug}`));
}

/** Opens the start page (drawn by the server, with no client code) and presses Start
 * now; waits until the first question has its client code running. */
export async function openForm(page: Page) {
  await page.goto("/refer");
  await page.getByRole("button", { name: "Start now" }).click();
  await expect(page).toHaveURL(/page=who/);
  await expect(page.locator("body[data-hydrated]")).toBeAttached({ timeout: HYDRATION_MS });
}

/** Opens question page `slug` of a form already begun in this browser, carrying on with
 * its answers. */
export async function reopenAt(page: Page, slug: string) {
  await openHydrated(page, `/refer?page=${slug}`);
  await page.getByRole("button", { name: "Continue with my answers" }).click();
  await expect(page).toHaveURL(new RegExp(`page=${slug}`));
}

/** From the start page, answers "who" and the name and date of birth; stops on the NHS
 * number page. */
export async function startFamilyReferral(page: Page, who: ReturnType<typeof child>) {
  await openForm(page);
  await expect(page.getByRole("heading", { level: 1, name: "Who are you referring?" })).toBeVisible();
  await page.getByRole("radio", { name: "My child" }).check();
  await next(page, "name");
  await page.getByLabel("First name").fill(who.first);
  await page.getByLabel("Last name").fill(who.last);
  await next(page, "date-of-birth");
  await page.getByLabel("Day").fill(who.day);
  await page.getByLabel("Month").fill(who.month);
  await page.getByLabel("Year").fill(who.year);
  await next(page, "nhs-number");
}

/** From the NHS number page, answers every question left; stops on "check your answers". */
export async function finishFamilyReferral(page: Page, who: ReturnType<typeof child>) {
  await page.getByRole("radio", { name: "No, I do not know it" }).check();
  await next(page, "diagnosis");
  await page.getByRole("radio", { name: "Autism", exact: true }).check();
  await next(page, "home");
  await page.getByRole("radio", { name: "Family home" }).check();
  await next(page, "whats-happening");
  await page.getByLabel("What is happening, and why is help needed now?").fill("She has stopped sleeping and school cannot keep her safe.");
  await next(page, "urgency");
  await page.getByRole("radio", { name: "We need help soon, in the next few weeks" }).check();
  await next(page, "others-involved");
  await next(page, "contact");
  await page.getByLabel("Your name").fill(who.parent);
  await page.getByLabel("Email address").fill("parent@example.com");
  await page.getByRole("radio", { name: "Email", exact: true }).check();
  await next(page, "consent");
  await page.getByRole("radio", { name: "Yes, I have parental responsibility and I agree" }).check();
  await page.getByRole("radio", { name: "They are happy to join" }).check();
  await next(page, "check");
  await expect(page.getByRole("heading", { level: 1, name: "Check your answers before sending" })).toBeVisible();
}

/** The reference shown once the referral has arrived. */
export async function sentReference(page: Page): Promise<string> {
  await expect(page.getByRole("heading", { level: 1, name: "Referral sent" })).toBeVisible();
  return (await page.locator(".dsr-reference").innerText()).trim();
}

/** The inbox rows (for a signed-in coordinator's page) naming `name`. */
export async function inboxRows(page: Page, name: string) {
  await openHydrated(page, "/triage");
  return page.getByRole("row").filter({ hasText: name });
}
