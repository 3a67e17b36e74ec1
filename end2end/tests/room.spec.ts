import { expect, test, type Locator, type Page } from "@playwright/test";
import { signIn, TEACHER } from "./accounts";
import { cardsIn, expectAccessible, openHydrated, RATINGS, section, sectionCount } from "./support";

/** The cards in `scope`: the board's sections, or one of them. */
function cards(scope: Page | Locator) {
  const page = "goto" in scope ? scope : scope.page();
  const within = "goto" in scope ? scope.getByRole("region") : scope;
  return within.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3 }) });
}

/** Whether `inner` lies wholly inside the visible part of the page, above `above` (a
 * bar fixed at the foot of the screen) when given. */
async function expectOnFirstScreen(page: Page, inner: Locator, above?: Locator) {
  const box = await inner.boundingBox();
  expect(box, "drawn").not.toBeNull();
  const floor = above ? (await above.boundingBox())!.y : page.viewportSize()!.height;
  expect(box!.y, "below the top of the screen").toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${await inner.innerText()} above ${floor}`).toBeLessThanOrEqual(floor + 1);
  expect(box!.x, "not off the left edge").toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, "not off the right edge").toBeLessThanOrEqual(page.viewportSize()!.width + 1);
}

test.describe("on a 1920 by 1080 projector", () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test("the board fills the screen, says truly how many it shows, and jumps to a rating", async ({ page }) => {
    await openHydrated(page, "/register");
    const board = page.locator(".dsr-board");
    expect((await board.boundingBox())!.width).toBeGreaterThan(1700);
    // Counts that tell the truth: what is shown, of how many.
    let total = 0;
    for (const rating of RATINGS) {
      const count = await sectionCount(page, rating);
      const shown = await cards(section(page, rating)).count();
      total += count;
      if (shown < count) {
        await expect(section(page, rating)).toContainText(`Showing ${shown} of ${count}`);
      } else {
        expect(shown).toBe(count);
      }
    }
    const all = await cards(page).count();
    await expect(page.locator("#board")).toContainText(all === total ? `${total} people shown` : `Showing ${all} of ${total} people`);

    // Keyboard: the jump link takes the next Tab into the Red section.
    const jump = page.getByRole("navigation", { name: "Ratings on the board" });
    await jump.getByRole("link", { name: "Red" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#section-red$/);
    await page.keyboard.press("Tab");
    const inside = await page.evaluate(() => document.activeElement?.closest("section")?.getAttribute("aria-labelledby"));
    expect(inside).toBe("section-red");

    // "Change rating" opens across the board, not squeezed into a column.
    const [someone] = await cardsIn(page, "Amber");
    const card = section(page, "Amber").getByRole("listitem").filter({ has: page.locator(`a[href="${someone.href}"]`) });
    await card.getByText("Change rating").click();
    await expect(card.getByRole("button", { name: "Save rating" })).toBeVisible();
    expect((await card.boundingBox())!.width).toBeGreaterThan(0.9 * (await board.boundingBox())!.width);
    await expectAccessible(page);
  });

  test("an overdue review is a black tag, never a rating's colour", async ({ page }) => {
    await openHydrated(page, "/register");
    const tags = page.locator(".dsr-card .dsr-overdue");
    expect(await tags.count(), "the demo register has overdue reviews").toBeGreaterThan(0);
    const ratingColours = ["rgb(0, 94, 184)", "rgb(213, 40, 27)", "rgb(255, 184, 28)", "rgb(0, 127, 59)", "rgb(138, 21, 56)"];
    for (const tag of (await tags.all()).slice(0, 5)) {
      await expect(tag).toHaveText("Review overdue");
      const colours = await tag.evaluate((el) => {
        const card = el.closest(".dsr-card")!;
        return [getComputedStyle(el).color, getComputedStyle(el).backgroundColor, getComputedStyle(card).borderLeftColor];
      });
      expect(colours).toEqual(["rgb(255, 255, 255)", "rgb(33, 43, 50)", "rgb(33, 43, 50)"]);
      expect(ratingColours).not.toContain(colours[2]);
    }
  });

  test("one line per person, and back to cards", async ({ page }) => {
    await openHydrated(page, "/register");
    const heights = async () => {
      const all = await cards(page).evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
      return all.sort((a, b) => a - b)[Math.floor(all.length / 2)];
    };
    const asCards = await heights();
    await page.getByRole("link", { name: "Show one line per person" }).click();
    await expect(page).toHaveURL(/view=list/);
    await expect(page.getByRole("link", { name: "Show as cards" })).toBeVisible();
    const asLines = await heights();
    expect(asLines).toBeLessThan(asCards / 2);
    // Sections one under another, each the board's width.
    const board = (await page.locator(".dsr-board").boundingBox())!;
    expect((await section(page, "Red").boundingBox())!.width).toBeGreaterThan(0.95 * board.width);
    // Paging through a rating keeps the list.
    await page.goto("/register?view=list&rating=green");
    await expect(page.getByRole("link", { name: "Show all ratings" })).toHaveAttribute("href", "/register?view=list");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Show as cards" }).click();
    await expect(page).toHaveURL(/\/register\?rating=green$/);
  });
});

for (const { name, viewport, scale } of [
  { name: "1366 by 768", viewport: { width: 1366, height: 768 }, scale: 1 },
  { name: "1920 by 1080 at 200% zoom", viewport: { width: 960, height: 540 }, scale: 2 },
  { name: "a 390-pixel phone", viewport: { width: 390, height: 844 }, scale: 3 },
]) {
  test.describe(`the meeting view on ${name}`, () => {
    test.use({ viewport, deviceScaleFactor: scale });

    test("shows the essentials on the first screen, with previous and next always in reach", async ({ page }) => {
      await openHydrated(page, "/register/meeting");
      await page.getByRole("link", { name: "Start with the first person" }).click();
      await page.getByRole("navigation", { name: "Agenda" }).getByRole("link", { name: /Next/ }).click();
      await expect(page.getByText(/^DSR meeting: 2 of \d+/)).toBeVisible();
      const bar = page.getByRole("navigation", { name: "Agenda" });
      const current = page.getByRole("region", { name: "Current rating" });
      const essentials = [
        page.getByRole("heading", { level: 1 }),
        current.locator(".dsr-tag").first(),
        current.locator(".dsr-why"),
        current.locator(".dsr-review-due"),
      ];
      if (name !== "a 390-pixel phone") {
        for (const part of essentials) {
          await expectOnFirstScreen(page, part, bar);
        }
        for (const due of await current.locator(".dsr-dues li").all()) {
          await expectOnFirstScreen(page, due, bar);
        }
      }
      // However far down the record is read, the bar stays on screen.
      await page.getByRole("heading", { name: "Rating history" }).scrollIntoViewIfNeeded();
      await expectOnFirstScreen(page, bar.getByRole("link", { name: /Next/ }));
      await expectOnFirstScreen(page, bar.getByRole("link", { name: /Previous/ }));
      // "Go to person" fits too: a field wide enough to type a name in, its button on screen.
      await expectOnFirstScreen(page, bar.getByRole("button", { name: "Go" }));
      const field = await bar.getByLabel("Go to person").boundingBox();
      expect(field!.width, "a field wide enough to type a name in").toBeGreaterThan(100);
      await expectAccessible(page);
    });
  });
}

test("how someone takes part is one line, and is remembered for the meeting", async ({ page }) => {
  await openHydrated(page, "/register/meeting");
  await expect(page.getByRole("status").filter({ hasText: "You are going through the agenda on your own." })).toBeVisible();
  await expect(page.getByRole("radio", { name: "Follow the chair's screen" })).toBeHidden();
  await page.getByText("Change how you take part").click();
  await page.getByRole("radio", { name: "Follow the chair's screen" }).check();
  // Choosing (or an arrow key on the radios) changes nothing until it is saved.
  await page.keyboard.press("ArrowUp");
  await expect(page.getByRole("status").filter({ hasText: "You are going through the agenda on your own." })).toBeVisible();
  await page.getByRole("radio", { name: "Follow the chair's screen" }).check();
  await page.getByRole("button", { name: "Save how I take part" }).click();
  await expect(page.getByText(/^You are following the chair's screen/)).toBeVisible();
  await page.reload();
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await expect(page.getByText(/^You are following the chair's screen/)).toBeVisible();
  await page.getByText("Change how you take part").click();
  await page.getByRole("radio", { name: "Go through the agenda on my own" }).check();
  await page.getByRole("button", { name: "Save how I take part" }).click();
  await expect(page.getByText("You are going through the agenda on your own.")).toBeVisible();
});

test("a professional whose agency sees others in brief finds the people she supports first", async ({ browser }) => {
  // Her own browser: the coordinator's session, shared by the other tests, is left alone.
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signIn(page, TEACHER);
  await expect(page).toHaveURL(/\/register$/);
  await openHydrated(page, "/register");
  const own = page.getByRole("region", { name: /^People you support/ });
  await expect(own.getByRole("heading", { level: 2 })).toHaveText("People you support (2)");
  await expect(own.getByRole("listitem")).toHaveCount(2);
  const names = (await own.getByRole("listitem").getByRole("link").allInnerTexts()).map((n) => n.trim());
  // The rest of the board shows children in brief, without a link to their records.
  const everyone = await cards(page).count();
  expect(everyone).toBeGreaterThan(2);
  await expectAccessible(page);

  await own.getByRole("link", { name: "Show only the people you support" }).click();
  await expect(page).toHaveURL(/mine=yes/);
  await expect(page.getByRole("checkbox", { name: "Only people I support" })).toBeChecked();
  await expect(page.getByRole("region", { name: /^People you support/ })).toHaveCount(0);
  await expect(cards(page)).toHaveCount(2);
  const shown = (await cards(page).getByRole("heading", { level: 3 }).allInnerTexts()).map((n) => n.trim());
  expect(shown.sort()).toEqual(names.sort());
});

