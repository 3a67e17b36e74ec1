import { expect, test, type Page } from "@playwright/test";
import { NURSE, signIn } from "./accounts";
import { expectAccessible, openHydrated, recordIn } from "./support";

/** Fills the day, month and year boxes of the date question named `question`. */
async function fillDate(page: Page, question: RegExp, date: Date) {
  const group = page.getByRole("group", { name: question });
  await group.getByLabel("Day").fill(String(date.getDate()));
  await group.getByLabel("Month").fill(String(date.getMonth() + 1));
  await group.getByLabel("Year").fill(String(date.getFullYear()));
}

test.describe("the demo nurse", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sees her actions, overdue first, and marks one done", async ({ page }) => {
    await signIn(page, NURSE);
    await expect(page).toHaveURL(/\/register$/);
    await page.getByRole("link", { name: "My actions" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "My actions" })).toBeVisible();
    const table = page.getByRole("table", { name: "My actions, soonest due first" });
    const rows = table.getByRole("row");
    // The header and her five actions (one agreed at the demo meeting); the two overdue
    // ones come first.
    await expect(rows).toHaveCount(6);
    await expect(rows.nth(1)).toContainText("Overdue");
    await expect(rows.nth(2)).toContainText("Overdue");
    await expect(rows.nth(3)).not.toContainText("Overdue");
    await expect(page.getByText(/5 open, 2 overdue/)).toBeVisible();
    await expectAccessible(page);

    const first = rows.nth(1);
    const what = (await first.getByRole("cell").nth(1).innerText()).trim();
    await first.getByRole("link").click();
    await expect(page.getByRole("heading", { level: 2, name: "Actions" })).toBeVisible();
    await expect(page.locator("body[data-hydrated]")).toBeAttached();
    await page.getByRole("link", { name: `Update the action: ${what}` }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Update an action");
    await expect(page.locator("body[data-hydrated]")).toBeAttached();
    await page.getByRole("radio", { name: "Done" }).check();
    await page.getByLabel("Note").fill("Done with the family on Monday.");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Save update" }).click();
    await expect(page.getByRole("table", { name: /^Actions/ })).toContainText("Done with the family on Monday.");

    await page.getByRole("link", { name: "My actions" }).click();
    await expect(page.getByText(/4 open, 1 overdue/)).toBeVisible();
    await expect(page.getByRole("table", { name: "My actions, soonest due first" })).not.toContainText(what);
  });
});

test("an action already due when added is kept, with a warning; a cancellation needs its reason", async ({ page }) => {
  const record = await recordIn(page, "Green", 0);
  await openHydrated(page, record);
  await page.getByRole("link", { name: "Add an action" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Add an action");
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await expectAccessible(page);
  const what = `Phone the housing officer ${Date.now()}`;
  await page.getByLabel("What is to be done").fill(what);
  await page.getByRole("radio", { name: "Someone else" }).check();
  await page.getByLabel("If someone else: their name").fill("Pat Lowe");
  await page.getByLabel("If someone else: their agency").fill("Northshire Council");
  await fillDate(page, /When is it due by/, new Date(Date.now() - 3 * 24 * 3600 * 1000));
  await page.getByRole("button", { name: "Add action" }).click();
  await expect(page).toHaveURL(record);
  const row = page.getByRole("table", { name: /^Actions/ }).getByRole("row").filter({ hasText: what });
  await expect(row).toContainText("Already due when it was added");
  await expect(row).toContainText("Overdue");
  await expect(row).toContainText("Pat Lowe, Northshire Council");
  // The top of the record says so, with a way down to it.
  await expect(page.getByRole("link", { name: /^\d+ actions?$/ })).toBeVisible();

  await row.getByRole("link", { name: /^Update/ }).click();
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await page.getByRole("radio", { name: "Cancelled" }).check();
  await page.getByRole("button", { name: "Save update" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter why the action is cancelled");
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await page.getByLabel("Note").fill("The family moved; no longer needed.");
  await page.getByRole("button", { name: "Save update" }).click();
  await expect(page).toHaveURL(record);
  await expect(page.getByRole("table", { name: /^Actions/ }).getByRole("row").filter({ hasText: what })).toContainText("Cancelled");
});
