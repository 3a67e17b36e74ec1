import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

export const RATINGS = ["Blue", "Red", "Amber", "Green"] as const;
export type RatingName = (typeof RATINGS)[number];

/** How long a page may take to start in the browser: loading and compiling the WASM
 * client can take several seconds on a busy machine. */
export const HYDRATION_MS = 15_000;

/** Opens a page and waits until the WASM client has hydrated it. */
export async function openHydrated(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("body[data-hydrated]")).toBeAttached({ timeout: HYDRATION_MS });
}

/** Waits until `page` follows the live feed. */
export async function expectLive(page: Page) {
  await expect(page.locator("[data-status]")).toHaveAttribute("data-status", "live");
}

/** The board section for a rating. */
export function section(page: Page, rating: RatingName): Locator {
  return page.getByRole("region", { name: new RegExp(`^${rating} \\(`) });
}

/** The count shown in a section's heading. */
export async function sectionCount(page: Page, rating: RatingName): Promise<number> {
  const heading = await section(page, rating).getByRole("heading", { level: 2, name: /\(\d+\)/ }).innerText();
  const match = heading.match(/\((\d+)\)/);
  expect(match, `count in "${heading}"`).not.toBeNull();
  return Number(match![1]);
}

/** Every card's link in a section: its name and the person page it points to. */
export async function cardsIn(page: Page, rating: RatingName) {
  const links = section(page, rating).getByRole("listitem").getByRole("heading", { level: 3 }).getByRole("link");
  const out: { name: string; href: string }[] = [];
  for (const link of await links.all()) {
    out.push({ name: (await link.innerText()).trim(), href: (await link.getAttribute("href"))! });
  }
  return out;
}

/** The path of the record of the `nth` person (from 0) rated `rating` on the board. */
export async function recordIn(page: Page, rating: RatingName, nth = 0): Promise<string> {
  await openHydrated(page, "/register");
  const cards = await cardsIn(page, rating);
  expect(cards.length, `${rating} cards`).toBeGreaterThan(nth);
  return cards[nth].href;
}

/** The card whose name links to `href`, wherever it is on the board. */
export function cardFor(scope: Page | Locator, href: string): Locator {
  const page = "goto" in scope ? scope : scope.page();
  return scope.getByRole("listitem").filter({ has: page.locator(`a[href="${href}"]`) });
}

/** Fails the test if axe-core finds WCAG 2.2 A or AA violations on the page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** [`expectAccessible`] for a page opened with JavaScript turned off (where axe-core cannot
 * run): its HTML as served, scripts taken out, checked in a page that runs scripts. */
export async function expectAccessibleWithoutScripts(page: Page) {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/g, "");
  const url = page.url();
  const context = await page.context().browser()!.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true });
  const copy = await context.newPage();
  await copy.route(url, (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
  await copy.goto(url);
  await expectAccessible(copy);
  await context.close();
}
