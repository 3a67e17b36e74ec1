import { expect, test } from "@playwright/test";
import { staffPage } from "./accounts";
import { cardFor, expectAccessible, expectLive, openHydrated, recordIn } from "./support";

test("each section of the record has a page of its own that passes axe-core", async ({ page }) => {
  const record = await recordIn(page, "Red", 1);
  for (const [path, heading] of [
    ["details", "Personal details"],
    ["diagnosis", "Diagnosis"],
    ["home", "Where they live"],
    ["contacts/new", "Add a family member or carer"],
    ["risks", "Risk factors"],
    ["history", "History of the record"],
  ]) {
    await openHydrated(page, `${record}/${path}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(heading);
    await expectAccessible(page);
  }
});

test("the hospital questions show only for someone who lives in an inpatient unit", async ({ page }) => {
  const record = await recordIn(page, "Red", 1);
  await openHydrated(page, `${record}/home`);
  await page.getByRole("radio", { name: "Family home" }).check();
  await expect(page.getByLabel("Unit or ward")).toBeHidden();
  await page.getByRole("radio", { name: "Inpatient unit" }).check();
  await expect(page.getByLabel("Unit or ward")).toBeVisible();
  await expect(page.getByRole("group", { name: "Security" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("radio", { name: "Supported living" }).check();
  await expect(page.getByLabel("Unit or ward")).toBeHidden();
});

test("a risk factor's note and date show only while it is ticked", async ({ page }) => {
  const record = await recordIn(page, "Red", 1);
  await openHydrated(page, `${record}/risks`);
  const factor = page.getByRole("checkbox", { name: "Carer under strain" });
  const note = page.getByLabel("Note: carer under strain");
  await factor.uncheck();
  await expect(note).toBeHidden();
  await factor.check();
  await expect(note).toBeVisible();
  await expect(page.getByRole("group", { name: "When was this noted: carer under strain?" })).toBeVisible();
  await expectAccessible(page);
});

test("a family member is added with each problem named beside its field first", async ({ page }) => {
  const record = await recordIn(page, "Red", 1);
  await openHydrated(page, `${record}/contacts/new`);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole("alert")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Name", { exact: true }).fill("Dana Okafor");
  await page.getByLabel("Relationship to the person").fill("Aunt");
  await page.getByLabel("Telephone number (optional)").fill("07700 900123");
  await page.getByRole("radio", { name: "Phone call" }).check();
  await page.getByRole("checkbox", { name: "They hold parental responsibility" }).check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(record);
  await expect(page.getByRole("main")).toContainText("Dana Okafor");
});

test("a corrected name reaches another open board at once", async ({ browser }) => {
  const watcher = await staffPage(browser);
  const editor = await staffPage(browser);
  const record = await recordIn(watcher, "Blue", 0);
  await expectLive(watcher);
  await openHydrated(editor, `${record}/details`);
  await expectAccessible(editor);
  const family = editor.getByLabel("Last name");
  const renamed = `${await family.inputValue()}-Reyes`;
  await family.fill(renamed);
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  await expect(editor).toHaveURL(record);
  await expect(cardFor(watcher, record)).toContainText(renamed);
});
