import { expect, test } from "@playwright/test";
import { staffPage } from "./accounts";
import { cardFor, cardsIn, expectAccessible, openHydrated, RATINGS, section, sectionCount } from "./support";

test("the board shows four sections in order, each with its count and meaning", async ({ page }) => {
  await openHydrated(page, "/register");
  const headings = await page.getByRole("region").getByRole("heading", { level: 2 }).allInnerTexts();
  expect(headings.map((h) => h.split(" ")[0])).toEqual([...RATINGS]);
  let total = 0;
  for (const rating of RATINGS) {
    const count = await sectionCount(page, rating);
    expect(await section(page, rating).getByRole("listitem").getByRole("heading", { level: 3 }).count()).toBe(count);
    total += count;
  }
  // The suite seeds 40 demo people; the 25th has left the register (a closed record).
  expect(total).toBe(39);
  await expect(section(page, "Red")).toContainText("immediate risk");
});

test("changing a rating moves the card and updates both counts without a reload, and it persists", async ({ page }) => {
  await openHydrated(page, "/register");
  const [target] = await cardsIn(page, "Amber");
  const amberBefore = await sectionCount(page, "Amber");
  const redBefore = await sectionCount(page, "Red");
  await page.evaluate(() => ((window as any).__sameDocument = true));

  const card = cardFor(section(page, "Amber"), target.href);
  await card.getByText("Change rating").click();
  await card.getByRole("radio", { name: "Red" }).check();
  await card.getByLabel("Reason for the change").fill("Placement breaking down; family cannot cope.");
  await card.getByRole("button", { name: "Save rating" }).click();

  await expect(cardFor(section(page, "Red"), target.href)).toBeVisible();
  await expect(cardFor(section(page, "Amber"), target.href)).toHaveCount(0);
  // Keyboard focus follows the card to its new place.
  await expect(cardFor(section(page, "Red"), target.href).getByRole("link", { name: target.name })).toBeFocused();
  expect(await sectionCount(page, "Amber")).toBe(amberBefore - 1);
  expect(await sectionCount(page, "Red")).toBe(redBefore + 1);
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

  await page.reload();
  await expect(cardFor(section(page, "Red"), target.href)).toBeVisible();
  expect(await sectionCount(page, "Red")).toBe(redBefore + 1);
  await page.goto(target.href);
  await expect(page.getByRole("table", { name: "Rating history, newest first" })).toContainText("Placement breaking down; family cannot cope.");
});

test("an empty rationale shows an error beside the field and changes nothing", async ({ page }) => {
  await openHydrated(page, "/register");
  const [target] = await cardsIn(page, "Green");
  const greenBefore = await sectionCount(page, "Green");
  const card = cardFor(section(page, "Green"), target.href);
  await card.getByText("Change rating").click();
  await card.getByRole("radio", { name: "Amber" }).check();
  await card.getByRole("button", { name: "Save rating" }).click();

  await expect(card.getByText("Error: Enter the reason for the change")).toBeVisible();
  await expect(card.getByRole("alert")).toContainText("There is a problem");
  await card.getByRole("link", { name: "Enter the reason for the change" }).click();
  await expect(card.getByLabel("Reason for the change")).toBeFocused();
  expect(await sectionCount(page, "Green")).toBe(greenBefore);
  await page.reload();
  expect(await sectionCount(page, "Green")).toBe(greenBefore);
  await expect(cardFor(section(page, "Green"), target.href)).toBeVisible();
});

test("filters narrow the board, and a search never goes into the URL", async ({ page }) => {
  await openHydrated(page, "/register");
  await page.evaluate(() => ((window as any).__sameDocument = true));
  const [someone] = await cardsIn(page, "Green");
  await page.getByLabel("Search by name or NHS number").fill(someone.name.toUpperCase());
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("region").getByRole("listitem").first()).toContainText(someone.name);
  const shown = await page.getByRole("region").getByRole("listitem").getByRole("heading", { level: 3 }).allInnerTexts();
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.every((n) => n.trim().toUpperCase() === someone.name.toUpperCase())).toBe(true);
  const surname = someone.name.split(" ")[1];
  expect(page.url().toLowerCase()).not.toContain(surname.toLowerCase());
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

  await page.getByRole("link", { name: "Clear filters" }).click();
  await page.getByLabel("Age group").selectOption("child");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/age=child/);
  // Retrying assertions: the board is redrawn after the address changes.
  const cards = page.getByRole("region").getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3 }) });
  await expect(cards.first()).toBeVisible();
  await expect(cards.filter({ hasNotText: "Child" })).toHaveCount(0);
  await page.goto("/register?overdue=yes");
  await expect(cards.first()).toBeVisible();
  await expect(cards.filter({ hasNotText: "Review overdue" })).toHaveCount(0);
});

test("a change made from an out-of-date form is refused, and the typed reason is kept", async ({ browser }) => {
  const first = await staffPage(browser);
  const second = await staffPage(browser);
  await openHydrated(first, "/register");
  const [target] = await cardsIn(first, "Blue");
  await openHydrated(first, target.href);
  await openHydrated(second, target.href);

  // The second writer starts typing before the first saves.
  await second.getByRole("radio", { name: "Green" }).check();
  await second.getByLabel("Reason for the change").fill("My stale reason");

  await first.getByRole("radio", { name: "Red" }).check();
  await first.getByLabel("Reason for the change").fill("Discharged today.");
  await first.getByRole("button", { name: "Save rating" }).click();
  await expect(first.getByRole("table", { name: "Rating history, newest first" })).toContainText("Discharged today.");
  // The writer is told what was saved, and the form is empty again: pressing Save twice
  // never records the same change twice.
  await expect(first.getByRole("status").filter({ hasText: "Saved:" })).toContainText("rating is now Red");
  await expect(first.getByLabel("Reason for the change")).toHaveValue("");

  // The second page says so at once, and keeps what was typed.
  await expect(second.getByRole("status").filter({ hasText: "Someone else changed this rating" })).toContainText("It is now Red");
  await expect(second.getByLabel("Reason for the change")).toHaveValue("My stale reason");

  // Saving the form begun on the old record is refused; the reason is still there.
  await second.getByRole("radio", { name: "Green" }).check();
  await second.getByRole("button", { name: "Save rating" }).click();
  await expect(second.getByRole("alert")).toContainText("Someone else changed this rating");
  await expect(second).toHaveTitle(/^Error: /);
  await expect(second.getByLabel("Reason for the change")).toHaveValue("My stale reason");
  await expect(second.getByRole("table", { name: "Rating history, newest first" })).not.toContainText("My stale reason");

  // Having seen the new rating, saving again works.
  await second.getByRole("radio", { name: "Green" }).check();
  await second.getByRole("button", { name: "Save rating" }).click();
  await expect(second.getByRole("table", { name: "Rating history, newest first" })).toContainText("My stale reason");
  await expect(second.getByRole("alert")).toHaveCount(0);
});

test.describe("with JavaScript turned off", () => {
  test.use({ javaScriptEnabled: false });

  test("the rating form still works as a plain form post", async ({ page }) => {
    await page.goto("/register");
    const [target] = await cardsIn(page, "Red");
    const card = cardFor(page, target.href);
    await card.getByText("Change rating").click();
    await card.getByRole("link", { name: `Change the rating on ${target.name}'s page` }).click();
    await expect(page).toHaveURL(new RegExp(`${target.href}#change-rating$`));
    await page.getByRole("radio", { name: "Amber" }).check();
    await page.getByLabel("Reason for the change").fill("Crisis resolved; support increased.");
    await page.getByRole("button", { name: "Save rating" }).click();
    await expect(page.getByRole("table", { name: "Rating history, newest first" })).toContainText("Crisis resolved; support increased.");
    const current = page.getByRole("region", { name: "Current rating" });
    await expect(current).toContainText("Amber since");

    await page.getByRole("radio", { name: "Green" }).check();
    await page.getByRole("button", { name: "Save rating" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter the reason for the change");
    await expect(page.getByText("Error: Enter the reason for the change")).toBeVisible();
    await expect(current).toContainText("Amber since");
    // The refusal opens at its error summary, however far down the form is.
    await expect(page).toHaveURL(/#error-summary$/);
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByRole("alert")).toBeInViewport();
  });

  test("pages say that live updates are off rather than promising them", async ({ page }) => {
    for (const path of ["/register", "/register/meeting"]) {
      await page.goto(path);
      await expect(page.getByText("Live updates are off: reload the page to see changes.")).toBeVisible();
      await expect(page.getByText("Connecting to live updates")).toBeHidden();
    }
  });

  test("searching posts the form and keeps the search out of the URL", async ({ page }) => {
    await page.goto("/register");
    const [someone] = await cardsIn(page, "Green");
    await page.getByLabel("Search by name or NHS number").fill(someone.name);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(cardFor(page, someone.href)).toBeVisible();
    expect(page.url()).toMatch(/\/register$/);
    const shown = await page.getByRole("region").getByRole("listitem").getByRole("heading", { level: 3 }).allInnerTexts();
    expect(shown.every((n) => n.trim() === someone.name)).toBe(true);
  });
});

test("pages pass axe-core's WCAG 2.2 A and AA checks", async ({ page }) => {
  // The public pages load no client code: they are checked as the server draws them.
  for (const path of ["/", "/accessibility"]) {
    await page.goto(path);
    await expectAccessible(page);
  }
  for (const path of ["/register", "/register?rating=green"]) {
    await openHydrated(page, path);
    await expectAccessible(page);
  }
  const [someone] = await cardsIn(page, "Green");
  await openHydrated(page, someone.href);
  await expectAccessible(page);
  await openHydrated(page, "/register");
  const card = cardFor(page, someone.href);
  await card.getByText("Change rating").click();
  await card.getByRole("button", { name: "Save rating" }).click();
  await expect(card.getByRole("alert")).toBeVisible();
  await expectAccessible(page);
});
