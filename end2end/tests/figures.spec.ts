import { expect, test } from "@playwright/test";
import { COMMISSIONER, signIn } from "./accounts";
import { expectAccessible, openHydrated } from "./support";

test("the coordinator reads today's figures, a past day's, and the page in print", async ({ page }) => {
  await openHydrated(page, "/figures");
  await expect(page.getByRole("heading", { level: 1, name: "Register figures" })).toBeVisible();
  // Today's figures are "so far today"; a past day's are for its end.
  await expect(page.getByRole("heading", { level: 2, name: /^Figures so far today, / })).toBeVisible();
  const ratings = page.getByRole("table", { name: "People on the register by rating and age" });
  await expect(ratings.getByRole("rowheader", { name: "All ratings" })).toBeVisible();
  // Every count is shown to the LDA team.
  await expect(page.getByText(/fewer than 8/)).toHaveCount(0);
  // The trends: a chart with its words, and the table under it.
  const chart = page.getByRole("img", { name: /^\d{1,2} \w+ \d{4}: .* blue/ });
  await expect(chart).toBeVisible();
  await expect(page.getByRole("table", { name: "People on the register at each month end" }).getByRole("row")).toHaveCount(13);
  await expectAccessible(page);

  // A day a month ago, by the date boxes (a plain GET, so the address can be kept).
  const day = new Date(Date.now() - 31 * 24 * 3600 * 1000);
  const group = page.getByRole("group", { name: "Figures for which day?" });
  await group.getByLabel("Day").fill(String(day.getDate()));
  await group.getByLabel("Month").fill(String(day.getMonth() + 1));
  await group.getByLabel("Year").fill(String(day.getFullYear()));
  await page.getByRole("button", { name: "Show figures" }).click();
  await expect(page).toHaveURL(/on_day=/);
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  await expect(page.getByRole("heading", { level: 2, name: `Figures for the end of ${day.getDate()} ${months[day.getMonth()]} ${day.getFullYear()}` })).toBeVisible();

  // A table downloads as CSV with a byte-order mark.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: 'Download "People on the register by rating and age" (CSV)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^dsr-ratings-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = (await import("node:fs")).readFileSync(await file.path(), "utf8");
  expect(text.startsWith("\ufeffRating,Children (0 to 17),Aged 18 to 25,Aged 26 and over,All ages\r\n")).toBe(true);

  // In print: no download links, every table still there, still accessible.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("link", { name: /\(CSV\)$/ }).first()).toBeHidden();
  await expect(ratings).toBeVisible();
  await expectAccessible(page);
  await page.emulateMedia({ media: "screen" });
});

test("a day in the future or not a real day is refused beside the date", async ({ page }) => {
  await openHydrated(page, "/figures?on_day=31&on_month=2&on_year=2026");
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole("alert")).toContainText("Enter the date as a real date");
  await expect(page.getByRole("group", { name: "Figures for which day?" }).getByLabel("Day")).toHaveValue("31");
  await expectAccessible(page);
  const next = new Date().getFullYear() + 1;
  await openHydrated(page, `/figures?on_day=1&on_month=1&on_year=${next}`);
  await expect(page.getByRole("alert")).toContainText("must be today or in the past");
});

test("the coordinator downloads the register with a reason, once", async ({ page }) => {
  await openHydrated(page, "/figures");
  await page.getByRole("link", { name: "Download a list with names" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Download a list with names" })).toBeVisible();
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toContainText("Choose which list to download");
  await expect(page.getByRole("alert")).toContainText("Enter why you need a list with names in it");
  await expectAccessible(page);
  await page.getByRole("radio", { name: /^The register/ }).check();
  await page.getByLabel("Why do you need it?").fill("Monthly return to NHS England");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your list is ready" })).toBeVisible();
  await expectAccessible(page);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the list (CSV)" }).click();
  const file = await download;
  const text = (await import("node:fs")).readFileSync(await file.path(), "utf8");
  expect(text.startsWith("\ufeffNHS number,Family name,Given name,")).toBe(true);
  // The header, everyone on the demo register of 40 (some have left), and the last line end.
  expect(text.split("\r\n").length).toBeGreaterThan(30);
  // Only once: asking for the file again goes back to asking.
  await page.goto("/figures/names/download");
  await expect(page.getByText("That list was downloaded already")).toBeVisible();
});

test.describe("the demo commissioner", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sees only figures, small numbers suppressed, and no record", async ({ page }) => {
    await signIn(page, COMMISSIONER);
    await expect(page.getByRole("link", { name: "Figures" })).toBeVisible();
    await page.getByRole("link", { name: "Figures" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Register figures" })).toBeVisible();
    await expect(page.getByText(/counts from 1 to 7 show as "fewer than 8"/)).toBeVisible();
    await expect(page.getByText("fewer than 8").first()).toBeVisible();
    await expect(page.getByRole("link", { name: "Download a list with names" })).toHaveCount(0);
    await expectAccessible(page);
    for (const path of ["/register", "/figures/names", "/triage"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toContainText(/cannot see this page|permission/i);
    }
  });
});

for (const [name, width, height] of [["phone", 390, 844], ["projector", 1920, 1080]] as const) {
  test(`the figures page reads at ${name} size`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openHydrated(page, "/figures");
    await expect(page.getByRole("table", { name: "Where people on the register live" })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  });
}
