import { expect, test, type Page } from "@playwright/test";
import { STAFF_STATE, staffPage } from "./accounts";
import { cardFor, cardsIn, expectAccessible, expectLive, openHydrated } from "./support";

/** Fills the day, month and year boxes of the date group `legend` with today. */
async function today(page: Page, legend: string) {
  const now = new Date();
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(String(now.getDate()));
  await group.getByLabel("Month").fill(String(now.getMonth() + 1));
  await group.getByLabel("Year").fill(String(now.getFullYear()));
}

/** Fills the consent fields: given today by `who`. */
async function consentGiven(page: Page, who: string) {
  await page.getByRole("radio", { name: "Consent given" }).check();
  await page.getByLabel("Who gave consent, or who made the decision").fill(who);
  await page.getByLabel("How consent was given, or the decision-maker's role").fill("At a home visit");
  await today(page, "When");
}

test("withdrawn consent takes the person off another open board at once; the closed record is kept, listed and reopened only with new consent", async ({ browser }) => {
  const watcher = await staffPage(browser);
  const actor = await staffPage(browser);
  await openHydrated(watcher, "/register");
  await expectLive(watcher);
  const greens = await cardsIn(watcher, "Green");
  const target = greens[greens.length - 1];
  await expect(cardFor(watcher, target.href)).toHaveCount(1);

  await openHydrated(actor, target.href);
  await actor.getByRole("link", { name: "Take off the register" }).click();
  await expect(actor.getByRole("heading", { level: 1 })).toContainText("Take off the register");
  await expectAccessible(actor);
  // Nothing chosen: each problem named beside its field and in the summary.
  await actor.getByRole("button", { name: "Take off the register" }).click();
  await expect(actor).toHaveTitle(/^Error: /);
  await expect(actor.getByRole("alert").getByRole("link", { name: "Select why they are leaving the register" })).toBeVisible();
  await expectAccessible(actor);
  await actor.getByRole("radio", { name: "Consent withdrawn" }).check();
  await today(actor, "When did they leave?");
  await actor.getByLabel("Who made the decision or withdrew consent").fill(target.name);
  await actor.getByLabel("Receiving ICB, or how consent was withdrawn").fill("Told their community nurse by phone");
  await actor.getByRole("button", { name: "Take off the register" }).click();
  await expect(actor).toHaveURL(target.href);
  await expect(actor.getByText("Record closed")).toBeVisible();
  await expect(actor.getByRole("main")).toContainText("Told their community nurse by phone");
  await expect(actor.getByRole("heading", { name: "Change rating" })).toHaveCount(0);
  await expectAccessible(actor);

  // The other board drops the card without being reloaded.
  await expect(cardFor(watcher, target.href)).toHaveCount(0);

  // Closed records are listed and found by name.
  await openHydrated(actor, "/register/closed");
  await expectAccessible(actor);
  const family = target.name.split(" ").slice(-1)[0];
  await actor.getByLabel("Search by name or NHS number").fill(family);
  await actor.getByRole("button", { name: "Search" }).click();
  await expect(actor.getByRole("table")).toContainText(target.name);
  await expect(actor, "a name never goes in the address").toHaveURL(/\/register\/closed$/);
  await actor.getByRole("link", { name: target.name }).first().click();
  await expect(actor).toHaveURL(target.href);

  // Reopening needs a new consent record; the card comes back on the open board.
  await actor.getByRole("link", { name: "Reopen the record" }).click();
  await expect(actor.getByRole("heading", { level: 1 })).toContainText("Reopen the record with a new consent record");
  await expectAccessible(actor);
  await consentGiven(actor, target.name);
  await actor.getByRole("button", { name: "Reopen the record" }).click();
  await expect(actor).toHaveURL(target.href);
  await expect(actor.getByText("Record closed")).toHaveCount(0);
  await expect(cardFor(watcher, target.href)).toHaveCount(1);
});

test("a consent check made while another was recorded shows that one and keeps what was typed", async ({ browser }) => {
  const first = await staffPage(browser);
  const second = await staffPage(browser);
  await openHydrated(first, "/register");
  const [target] = await cardsIn(first, "Green");
  const form = `${target.href}/consent`;
  await openHydrated(first, form);
  await openHydrated(second, form);
  await consentGiven(first, "Their father");
  await first.getByRole("button", { name: "Save consent record" }).click();
  await expect(first).toHaveURL(target.href);

  await consentGiven(second, "Their aunt");
  await second.getByRole("button", { name: "Save consent record" }).click();
  await expect(second).toHaveTitle(/^Error: /);
  const meanwhile = second.locator(".nhsuk-inset-text");
  await expect(meanwhile).toContainText("Recorded meanwhile");
  await expect(meanwhile).toContainText("Their father");
  await expect(second.getByLabel("Who gave consent, or who made the decision")).toHaveValue("Their aunt");
  await expectAccessible(second);
  // Saved again once they have seen it, it is kept.
  await second.getByRole("button", { name: "Save consent record" }).click();
  await expect(second).toHaveURL(target.href);
  await expect(second.getByRole("main")).toContainText("Their aunt");
});

test.describe("with JavaScript turned off", () => {
  test.use({ javaScriptEnabled: false });

  test("a consent check is a plain form post, with its problems named beside each field", async ({ browser, page }) => {
    const other = await browser.newContext({ storageState: STAFF_STATE, javaScriptEnabled: true });
    const finder = await other.newPage();
    await openHydrated(finder, "/register");
    const [target] = await cardsIn(finder, "Amber");
    await page.goto(target.href);
    await page.getByRole("link", { name: /^Record a consent check/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Record a consent check");
    await page.getByLabel("How consent was given, or the decision-maker's role").fill("By telephone");
    await page.getByRole("button", { name: "Save consent record" }).click();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByRole("alert")).toContainText("Enter the date as a real date");
    // What was typed comes back with the problems.
    await expect(page.getByLabel("How consent was given, or the decision-maker's role")).toHaveValue("By telephone");
    await consentGiven(page, "Their mother, parental responsibility");
    await page.getByRole("button", { name: "Save consent record" }).click();
    await expect(page).toHaveURL(target.href);
    await expect(page.getByRole("main")).toContainText("Their mother, parental responsibility");
    await expect(page.getByRole("main")).toContainText(/Next consent check due|Consent re-check due/);
  });
});
