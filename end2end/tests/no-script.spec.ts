import { expect, test, type Page } from "@playwright/test";
import { STAFF_STATE, staffPage } from "./accounts";
import { child, inboxRows, openForm, sentReference } from "./referral";
import { expectAccessibleWithoutScripts } from "./support";

// Families are not signed in.
test.use({ storageState: { cookies: [], origins: [] } });

/** Checks the page with axe-core, then presses Continue and waits for `slug`'s page. */
async function next(page: Page, slug: string) {
  await expectAccessibleWithoutScripts(page);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(new RegExp(`page=${slug}`));
}

test.describe("with JavaScript turned off", () => {
  test.use({ javaScriptEnabled: false });

  test("a family refers from the home page to the confirmation", async ({ page, browser }) => {
    // Every page is checked with axe-core in a browser of its own: a long test.
    test.slow();
    const who = child("Noscript");
    await page.goto("/");
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("button", { name: "Complete self-referral form" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: /Refer yourself or your child/ })).toBeVisible();
    await expect(page.getByText("needs JavaScript")).toHaveCount(0);
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("button", { name: "Start now" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Who are you referring?" })).toBeVisible();
    await page.getByRole("radio", { name: "My child" }).check();
    await next(page, "name");
    // A problem comes back from the server in an error summary, keeping what was typed.
    await page.getByLabel("First name").fill(who.first);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByRole("alert")).toContainText("Enter");
    await expect(page.getByLabel("First name")).toHaveValue(who.first);
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("Last name").fill(who.last);
    await next(page, "date-of-birth");
    await page.getByLabel("Day").fill(who.day);
    await page.getByLabel("Month").fill(who.month);
    await page.getByLabel("Year").fill(who.year);
    await next(page, "nhs-number");
    // Without scripts, the question an answer reveals is always shown.
    await expect(page.getByLabel("NHS number")).toBeVisible();
    await page.getByRole("radio", { name: "No, I do not know it" }).check();
    await next(page, "diagnosis");
    await page.getByRole("radio", { name: "Autism", exact: true }).check();
    await next(page, "home");
    await page.getByRole("radio", { name: "Family home" }).check();
    await next(page, "whats-happening");
    await expect(page.getByText("NHS 111")).toBeVisible();
    await page.getByLabel("What is happening, and why is help needed now?").fill("She has stopped sleeping.");
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

    // Check your answers, change one, and come back.
    await expect(page.getByRole("heading", { level: 1, name: "Check your answers before sending" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("link", { name: /Change.*name/ }).first().click();
    await expect(page.getByLabel("First name")).toHaveValue(who.first);
    await page.getByLabel("First name").fill("Amelia");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(/page=check/);
    await expect(page.getByText(`Amelia ${who.last}`)).toBeVisible();
    await page.getByRole("button", { name: "Send referral" }).click();
    const reference = await sentReference(page);
    await expect(page.getByText("NHS 111").first()).toBeVisible();
    await expectAccessibleWithoutScripts(page);

    // Back to "check your answers": the referral already sent, not a second Send.
    await page.goBack();
    await expect(page.getByText("Your referral has already been sent")).toBeVisible();
    expect(await sentReference(page)).toBe(reference);
    await expect(page.getByRole("button", { name: "Send referral" })).toHaveCount(0);
    // The coordinator's browser runs scripts.
    const staff = await (await browser.newContext({ storageState: STAFF_STATE, javaScriptEnabled: true })).newPage();
    const rows = await inboxRows(staff, `Amelia ${who.last}`);
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText(reference);
  });

  test("deleting the answers asks first, and deletes them from the server", async ({ page }) => {
    const who = child("Nosdelete");
    await page.goto("/refer?page=name");
    await page.getByLabel("First name").fill(who.first);
    await page.getByLabel("Last name").fill(who.last);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("link", { name: "Delete my answers" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Are you sure you want to delete your answers?" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("link", { name: "No, go back to my answers" }).click();
    await expect(page.getByText(who.last)).toBeVisible();
    await page.getByRole("link", { name: "Delete my answers" }).click();
    await page.getByRole("button", { name: "Yes, delete my answers" }).click();
    await expect(page.getByText("Your answers have been deleted")).toBeVisible();
    await page.goto("/refer?page=name");
    await expect(page.getByLabel("Last name")).toHaveValue("");
  });
});

test("a family that starts with JavaScript and finishes without loses nothing", async ({ page, browser }) => {
  const who = child("Halfscript");
  await openForm(page);
  await page.getByRole("radio", { name: "My child" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("First name").fill(who.first);
  await page.getByLabel("Last name").fill(who.last);
  // Each page answered in the browser is copied to the server as the family goes.
  const copied = page.waitForResponse((r) => r.url().includes("/api/copy_referral_answers") && r.ok());
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/page=date-of-birth/);
  await copied;

  // Scripts are blocked from here on.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
  await page.goto("/refer?page=name");
  await expect(page.getByLabel("First name")).toHaveValue(who.first);
  await expect(page.getByLabel("Last name")).toHaveValue(who.last);
  await page.goto("/refer?page=date-of-birth");
  await page.getByLabel("Day").fill(who.day);
  await page.getByLabel("Month").fill(who.month);
  await page.getByLabel("Year").fill(who.year);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("radio", { name: "No, I do not know it" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("radio", { name: "Learning disability", exact: true }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("radio", { name: "Family home" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("What is happening, and why is help needed now?").fill("Crisis at home.");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("radio", { name: "It is not urgent: we can wait longer than a few weeks" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Your name").fill(who.parent);
  await page.getByLabel("Telephone number").fill("07700 900982");
  await page.getByRole("radio", { name: "Phone call" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("radio", { name: "Yes, I have parental responsibility and I agree" }).check();
  await page.getByRole("radio", { name: "They are happy to join" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText(`${who.first} ${who.last}`)).toBeVisible();
  await page.getByRole("button", { name: "Send referral" }).click();
  const reference = await sentReference(page);
  const staff = await staffPage(browser);
  await expect(await inboxRows(staff, `${who.first} ${who.last}`)).toContainText(reference);
});
