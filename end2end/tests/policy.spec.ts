import { expect, test, type Page } from "@playwright/test";
import { cardsIn, expectAccessible, openHydrated, sectionCount } from "./support";

/** The cards on the board, wherever they are. */
function cards(page: Page) {
  return page.getByRole("region").getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3 }) });
}

/** How many people the board says match ("41 people shown", "Showing 80 of 141 people"). */
async function shownCount(page: Page) {
  const words = await page.locator("#board").innerText();
  const match = words.match(/^(\d+) (?:people|person) shown|^Showing \d+ of (\d+) people/);
  expect(match, words).not.toBeNull();
  return Number(match![1] ?? match![2]);
}

test("needs filters narrow the board, combine, and each card says what it needs", async ({ page }) => {
  await openHydrated(page, "/register");
  const everyone = await shownCount(page);
  await page.getByRole("checkbox", { name: "Keyworker eligible, none named" }).check();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/keyworker=yes/);
  await expect.poll(() => shownCount(page)).toBeLessThan(everyone);
  const eligible = await shownCount(page);
  expect(eligible).toBeGreaterThan(0);
  // Keyworkers are for people rated Red, Amber or Blue; each card says what comes next.
  expect(await sectionCount(page, "Green")).toBe(0);
  await expect(cards(page).filter({ hasNotText: /(Next|Needed|Overdue): / })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("checkbox", { name: "Consent re-check due, or consent missing" }).check();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/keyworker=yes&consent=yes/);
  await expect.poll(() => shownCount(page)).toBeLessThan(eligible);
  // Late C(E)TRs: every card shown says something is overdue (other tests may have
  // changed the demo's ratings, so there may be none left).
  await openHydrated(page, "/register?ctr_overdue=yes");
  await expect(page.getByRole("checkbox", { name: "C(E)TR or oversight visit overdue" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Keyworker eligible, none named" })).not.toBeChecked();
  await expect(cards(page).filter({ hasNotText: "Overdue: " })).toHaveCount(0);
  expect(await shownCount(page)).toBeLessThan(everyone);
});

test.describe("with JavaScript turned off", () => {
  test.use({ javaScriptEnabled: false });

  test("the needs filters work as a plain form post", async ({ page }) => {
    await page.goto("/register");
    await page.getByRole("checkbox", { name: "Actions overdue" }).check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    // Without a search, the filters have an address of their own (Back and bookmarks work).
    await expect(page).toHaveURL(/\/register\?actions_overdue=yes$/);
    await expect(page.getByRole("checkbox", { name: "Actions overdue" })).toBeChecked();
    await expect(cards(page).first()).toBeVisible();
    await expect(cards(page).filter({ hasNotText: /open actions?, \d+ overdue/ })).toHaveCount(0);
  });
});

test("a root-cause review is recorded on the record of an admission with no C(E)TR before it", async ({ page }) => {
  await openHydrated(page, "/register");
  let found: string | undefined;
  for (const { href } of await cardsIn(page, "Blue")) {
    await page.goto(href);
    if (await page.getByRole("link", { name: "Record the root-cause review" }).count()) {
      found = href;
      break;
    }
  }
  expect(found, "the demo holds an admission without a community C(E)TR").toBeDefined();
  await page.getByRole("link", { name: "Record the root-cause review" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Root-cause review of the admission");
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save the review" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the date the review was done");
  await expect(page.getByRole("alert")).toContainText("Enter what the review found");
  // The message beside the field is read with it.
  const notes = page.getByLabel("What the review found");
  await expect(notes).toHaveAttribute("aria-invalid", "true");
  await expect(notes).toHaveAccessibleDescription(/Enter what the review found/);
  await expectAccessible(page);
  const today = new Date();
  const group = page.getByRole("group", { name: /When was the review done/ });
  await group.getByLabel("Day").fill(String(today.getDate()));
  await group.getByLabel("Month").fill(String(today.getMonth() + 1));
  await group.getByLabel("Year").fill(String(today.getFullYear()));
  await page.getByLabel("What the review found").fill("Known to the register as Amber; no crisis plan was in place.");
  await page.getByRole("button", { name: "Save the review" }).click();
  await expect(page).toHaveURL(found!);
  await expect(page.getByRole("main")).toContainText("no crisis plan was in place");
  await expect(page.getByRole("link", { name: "Change the root-cause review" })).toBeVisible();
});
