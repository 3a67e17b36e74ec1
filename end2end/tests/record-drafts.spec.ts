import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, openHydrated, recordIn } from "./support";

const TYPED = "Placement at risk after two incidents this week; school has reduced hours.";

/** The version of the narrative that the form on `page` saves from. */
async function narrativeVersion(page: Page): Promise<number> {
  return Number(await page.locator('input[name="version"]').inputValue());
}

test("a record section typed before the tab closes comes back, and a save made offline is sent once the connection is back", async ({ context, page }) => {
  // The second Amber person: the sections tests work on the first.
  const record = await recordIn(page, "Amber", 1);
  await openHydrated(page, `${record}/narrative`);
  const before = await narrativeVersion(page);
  await page.getByLabel("Current issues").fill(TYPED);

  // The tab is closed; opening the form again puts back what was typed.
  await page.close();
  const again = await context.newPage();
  await openHydrated(again, `${record}/narrative`);
  await expect(again.getByText(/^Your unsaved changes from .* are back in the form/)).toBeVisible();
  await expect(again.getByLabel("Current issues")).toHaveValue(TYPED);
  await expectAccessible(again);

  // Saved with the connection down: nothing is lost, and it says so.
  const answers: number[] = [];
  again.on("response", (r) => {
    if (r.url().includes("/api/save_narrative")) answers.push(r.status());
  });
  await context.setOffline(true);
  await again.getByRole("button", { name: "Save", exact: true }).click();
  await expect(again.getByRole("status")).toContainText("Your form has not been sent yet");
  await expectAccessible(again);

  // Back online: sent by itself, once.
  await context.setOffline(false);
  await expect(again).toHaveURL(record);
  await expect(again.getByRole("main")).toContainText(TYPED);
  expect(answers).toHaveLength(1);
  expect(answers[0]).toBeLessThan(400);
  await openHydrated(again, `${record}/narrative`);
  await expect(again.getByText(/are back in the form/)).toHaveCount(0);
  expect(await narrativeVersion(again)).toBe(before + 1);
});

test("a save whose answer is lost on the way back is sent again and kept once", async ({ page }) => {
  const record = await recordIn(page, "Amber", 1);
  await openHydrated(page, `${record}/narrative`);
  const before = await narrativeVersion(page);
  const text = `What has been tried, written at ${Date.now()}`;
  await page.getByLabel("What has been tried").fill(text);

  // The server takes the first send, but its answer never reaches the browser.
  let lost = false;
  await page.route("**/api/save_narrative", async (route) => {
    if (lost) return route.continue();
    lost = true;
    await route.fetch();
    await route.abort("connectionreset");
  });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Your form has not been sent yet");
  await page.getByRole("button", { name: "Try sending now" }).click();
  await expect(page).toHaveURL(record);
  await expect(page.getByRole("main")).toContainText(text);

  // One save, not two: the section moved on by one version.
  await openHydrated(page, `${record}/narrative`);
  expect(await narrativeVersion(page)).toBe(before + 1);
});

test("the record's history lists each change, newest first, with what a field was before", async ({ page }) => {
  const record = await recordIn(page, "Amber", 2);
  for (const view of ["I like my flat.", "I want to move nearer my sister."]) {
    await openHydrated(page, `${record}/narrative`);
    await page.getByLabel("The person's own view").fill(view);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page).toHaveURL(record);
    await expect(page.getByRole("main")).toContainText(view);
  }
  await page.getByRole("link", { name: "See every change to this record" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("History of the record");
  await expect(page.getByRole("heading", { level: 2 }).first()).toContainText("Current issues and views");
  const newest = page.locator("section").first();
  await expect(newest).toContainText("Was: I like my flat.");
  await expect(newest).toContainText("I want to move nearer my sister.");
  await expect(page.getByRole("main")).toContainText("Rating");
  await expectAccessible(page);
});

test("a rating change typed before the tab closes comes back, and one saved offline is sent once the connection is back", async ({ context, page }) => {
  const record = await recordIn(page, "Green", 2);
  const reason = `Crisis team called twice this week (${Date.now()})`;
  await openHydrated(page, record);
  await page.getByRole("radio", { name: "Amber" }).check();
  await page.getByLabel("Reason for the change").fill(reason);

  await page.close();
  const again = await context.newPage();
  await openHydrated(again, record);
  await expect(again.getByText(/are back in the form/)).toBeVisible();
  await expect(again.getByRole("radio", { name: "Amber" })).toBeChecked();
  await expect(again.getByLabel("Reason for the change")).toHaveValue(reason);

  const answers: number[] = [];
  again.on("response", (r) => {
    if (r.url().includes("/api/change_rating")) answers.push(r.status());
  });
  await context.setOffline(true);
  await again.getByRole("button", { name: "Save rating" }).click();
  await expect(again.getByRole("status").filter({ hasText: "not been sent yet" })).toBeVisible();
  await expectAccessible(again);

  await context.setOffline(false);
  await expect(again.getByRole("status").filter({ hasText: "Saved:" })).toContainText("rating is now Amber");
  await expect(again.getByRole("table", { name: "Rating history, newest first" })).toContainText(reason);
  expect(answers).toEqual([200]);
  await openHydrated(again, record);
  await expect(again.getByText(/are back in the form/)).toHaveCount(0);
  await expect(again.getByLabel("Reason for the change")).toHaveValue("");
});
