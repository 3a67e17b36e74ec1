import { expect, test } from "@playwright/test";
import { STAFF_STATE, staffPage } from "./accounts";
import { expectAccessible, expectLive, openHydrated, recordIn } from "./support";

test("a section saved from an out-of-date page is refused, shows what was saved meanwhile and keeps what was typed", async ({ browser }) => {
  const first = await staffPage(browser);
  const second = await staffPage(browser);
  const record = await recordIn(first, "Amber");
  await openHydrated(first, `${record}/narrative`);
  await openHydrated(second, `${record}/narrative`);
  await expectAccessible(first);

  // The second writer starts typing before the first saves.
  await second.getByLabel("What has been tried").fill("Second writer's text");
  await first.getByLabel("What has been tried").fill("Positive behaviour support plan since May.");
  await first.getByRole("button", { name: "Save", exact: true }).click();
  await expect(first).toHaveURL(record);
  await expect(first.getByRole("main")).toContainText("Positive behaviour support plan since May.");

  // The save begun on the old section is refused; what was saved meanwhile is shown, with
  // who saved it, and what was typed stays in the form.
  await second.getByRole("button", { name: "Save", exact: true }).click();
  await expect(second).toHaveTitle(/^Error: /);
  await expect(second.getByRole("alert")).toContainText("Someone else changed this record");
  await expect(second.getByText("so your changes were not saved")).toBeVisible();
  const meanwhile = second.getByRole("heading", { name: /^Saved meanwhile by / });
  await expect(meanwhile).toBeVisible();
  await expect(second.getByRole("main")).toContainText("Positive behaviour support plan since May.");
  await expect(second.getByLabel("What has been tried")).toHaveValue("Second writer's text");
  await expectAccessible(second);

  // Having seen it, saving again is taken, from the version now saved.
  await second.getByRole("button", { name: "Save", exact: true }).click();
  await expect(second).toHaveURL(record);
  await expect(second.getByRole("main")).toContainText("Second writer's text");
  await expect(second.getByRole("main")).not.toContainText("Positive behaviour support plan since May.");
});

test("the keyworker page names the problem beside the field, and its pages pass axe-core", async ({ page }) => {
  const record = await recordIn(page, "Amber");
  await openHydrated(page, record);
  // The consent the person joined on comes straight after the current rating.
  const headings = await page.getByRole("heading", { level: 2 }).allInnerTexts();
  expect(headings.indexOf("Consent")).toBe(headings.indexOf("Current rating") + 1);
  await expect(page.getByRole("main")).toContainText(/(Given by|Decided by)/);
  await page.getByRole("link", { name: "Change keyworker" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Does this person have a keyworker?");
  await expectAccessible(page);
  await page.getByRole("radio", { name: "Yes, a keyworker is named" }).check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole("alert").getByRole("link", { name: "Enter the keyworker's name" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Keyworker's name (if named)").fill("Jo Reid");
  await page.getByLabel("Keyworker's agency (if named)").fill("Keyworking service");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(record);
  await expect(page.getByRole("main")).toContainText("Jo Reid, Keyworking service");
  await expect(page.getByText("Keyworker eligible")).toHaveCount(0);
});

test.describe("with JavaScript turned off", () => {
  test.use({ javaScriptEnabled: false });

  test("a section saves as a plain form post, and a stale one shows what was saved meanwhile beside what was typed", async ({ browser, page }) => {
    const other = await browser.newContext({ storageState: STAFF_STATE, javaScriptEnabled: true });
    const writer = await other.newPage();
    const record = await recordIn(writer, "Amber");
    await page.goto(`${record}/narrative`);
    await page.getByLabel("The person's own view").fill("I want to stay at home.");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page).toHaveURL(record);
    await expect(page.getByRole("main")).toContainText("I want to stay at home.");

    await page.goto(`${record}/narrative`);
    await openHydrated(writer, `${record}/narrative`);
    await writer.getByLabel("The person's own view").fill("I want to live near my sister.");
    await writer.getByRole("button", { name: "Save", exact: true }).click();
    await expect(writer).toHaveURL(record);

    await page.getByLabel("The person's own view").fill("Stale words");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByText("so your changes were not saved")).toBeVisible();
    await expect(page.getByText(/^Saved meanwhile by/)).toBeVisible();
    await expect(page.locator(".nhsuk-inset-text")).toContainText("I want to live near my sister.");
    await expect(page.getByText("Your changes are still in the form below")).toBeVisible();
    await expect(page.getByLabel("The person's own view")).toHaveValue("Stale words");
    await page.getByLabel("The person's own view").fill("Not stale now");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page).toHaveURL(record);
    await expect(page.getByRole("main")).toContainText("Not stale now");
  });
});

test("an open record shows a section saved elsewhere as it happens", async ({ browser }) => {
  const watcher = await staffPage(browser);
  const editor = await staffPage(browser);
  const record = await recordIn(watcher, "Amber");
  await openHydrated(watcher, record);
  await expectLive(watcher, "Amber");

  await openHydrated(editor, `${record}/narrative`);
  await editor.getByLabel("Current issues").fill("Brother moving out next month; sleep is poor.");
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  await expect(editor).toHaveURL(record);

  await expect(watcher.getByRole("main")).toContainText("Brother moving out next month; sleep is poor.");
});
