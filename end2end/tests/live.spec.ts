import { expect, test, type Page } from "@playwright/test";
import { STAFF_STATE, staffPage } from "./accounts";
import { cardFor, cardsIn, expectLive, openHydrated, section, sectionCount } from "./support";

async function changeFromPersonPage(page: Page, href: string, rating: string, reason: string) {
  await openHydrated(page, href);
  await page.getByRole("radio", { name: rating }).check();
  await page.getByLabel("Reason for the change").fill(reason);
  await page.getByRole("button", { name: "Save rating" }).click();
  await expect(page.getByRole("table", { name: "Rating history, newest first" })).toContainText(reason);
}

test("a change made in one browser appears on another's board without a reload, and is announced", async ({ browser }) => {
  const watcher = await staffPage(browser);
  const editor = await staffPage(browser);
  await openHydrated(watcher, "/register");
  await expectLive(watcher);
  await watcher.evaluate(() => ((window as any).__sameDocument = true));
  const [target] = await cardsIn(watcher, "Green");
  const greenBefore = await sectionCount(watcher, "Green");
  const amberBefore = await sectionCount(watcher, "Amber");

  await changeFromPersonPage(editor, target.href, "Amber", "Carer unwell; support under strain.");

  await expect(cardFor(section(watcher, "Amber"), target.href)).toBeVisible();
  await expect(cardFor(section(watcher, "Green"), target.href)).toHaveCount(0);
  expect(await sectionCount(watcher, "Green")).toBe(greenBefore - 1);
  expect(await sectionCount(watcher, "Amber")).toBe(amberBefore + 1);
  await expect(watcher.getByTestId("announcements")).toContainText(`${target.name} changed from Green to Amber.`);
  expect(await watcher.evaluate(() => (window as any).__sameDocument)).toBe(true);
});

test("a board that was offline while a change happened catches up when back online", async ({ browser }) => {
  const context = await browser.newContext({ storageState: STAFF_STATE });
  const watcher = await context.newPage();
  const editor = await staffPage(browser);
  await openHydrated(watcher, "/register");
  await expectLive(watcher);
  const [target] = await cardsIn(watcher, "Green");

  await context.setOffline(true);
  await expect(watcher.locator("[data-status]")).toHaveAttribute("data-status", "offline");
  await changeFromPersonPage(editor, target.href, "Red", "Crisis overnight; emergency protocol meeting called.");
  await expect(cardFor(section(watcher, "Green"), target.href)).toBeVisible();

  await context.setOffline(false);
  await expectLive(watcher);
  await expect(cardFor(section(watcher, "Red"), target.href)).toBeVisible();
  await expect(cardFor(section(watcher, "Green"), target.href)).toHaveCount(0);
});

test("the person page shows someone else's change to the record as it happens", async ({ browser }) => {
  const watcher = await staffPage(browser);
  const editor = await staffPage(browser);
  await openHydrated(watcher, "/register");
  const [target] = await cardsIn(watcher, "Amber");
  await openHydrated(watcher, target.href);
  await expectLive(watcher);
  await watcher.getByLabel("Reason for the change").fill("I was about to say this");

  await changeFromPersonPage(editor, target.href, "Green", "Package in place and working.");
  await expect(watcher.getByRole("table", { name: "Rating history, newest first" })).toContainText("Package in place and working.");
  await expect(watcher.getByRole("region", { name: "Current rating" })).toContainText("Green since");
  await expect(watcher.getByText("changed this rating while you were editing")).toBeVisible();
  await expect(watcher.getByLabel("Reason for the change")).toHaveValue("I was about to say this");
});

test("a coordinator's own changes on a person page keep the page working and live", async ({ browser }) => {
  const editor = await staffPage(browser);
  const crashes: string[] = [];
  editor.on("pageerror", (error) => crashes.push(error.message));
  editor.on("console", (message) => {
    if (message.type() === "error" && message.text().includes("panicked")) crashes.push(message.text());
  });
  await openHydrated(editor, "/register");
  const [target] = await cardsIn(editor, "Green");
  // Opened from the board, as a coordinator would (the page is drawn in the browser).
  await section(editor, "Green").getByRole("link", { name: target.name, exact: true }).first().click();
  await expect(editor).toHaveURL(new RegExp(`${target.href}$`));
  await expectLive(editor);
  // Coordinators also see the team's forms, read again after each change.
  await expect(editor.getByRole("combobox", { name: "Link a key professional" })).toBeVisible();

  for (const [rating, reason] of [
    ["Amber", "Placement wobbling; weekly calls agreed."],
    ["Red", "Admission being discussed; urgent review booked."],
  ]) {
    await editor.getByRole("radio", { name: rating }).check();
    await editor.getByLabel("Reason for the change").fill(reason);
    await editor.getByRole("button", { name: "Save rating" }).click();
    await expect(editor.getByRole("table", { name: "Rating history, newest first" })).toContainText(reason);
    await expect(editor.getByRole("region", { name: "Current rating" })).toContainText(`${rating} since`);
    await expect(editor.getByRole("combobox", { name: "Link a key professional" })).toBeVisible();
  }
  await expectLive(editor);
  expect(crashes).toEqual([]);
});
