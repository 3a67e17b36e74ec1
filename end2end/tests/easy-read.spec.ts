import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./support";

// Families are not signed in. These pages load no client code: each is ready as drawn.
test.use({ storageState: { cookies: [], origins: [] } });

/** The public easy-read pages: their address, main heading, and a point with its text. */
const PAGES = [
  { path: "/", heading: "Dynamic Support Register", point: "It is for autistic people." },
  { path: "/refer", heading: /Refer yourself or your child/, point: "It takes about 10 minutes." },
  { path: "/easy-read", heading: "The Dynamic Support Register: easy read", point: "You can change your mind at any time." },
];

/** A phone and a wide desktop screen, and the size a point's picture has on each. */
const SCREENS = [
  { width: 390, height: 844, picture: 64 },
  { width: 1920, height: 1080, picture: 96 },
];

/** Every picture in the page's main part has loaded and is hidden from screen readers. */
async function expectPicturesShown(page: Page) {
  const main = page.getByRole("main");
  // Decorative (alt=""): not images to assistive technology, the text says the same.
  await expect(main.getByRole("img")).toHaveCount(0);
  const pictures = main.locator("img");
  expect(await pictures.count()).toBeGreaterThan(5);
  for (const picture of await pictures.all()) {
    await expect(picture).toHaveAttribute("alt", "");
    // Served by the site: a picture that failed to load has no natural width.
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  }
}

for (const screen of SCREENS) {
  test.describe(`at ${screen.width} pixels wide`, () => {
    test.use({ viewport: { width: screen.width, height: screen.height } });

    for (const { path, heading, point } of PAGES) {
      test(`${path} is easy read, a picture beside each point`, async ({ page }) => {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
        await expectPicturesShown(page);

        // The picture sits to the left of its words, level with them, at its size.
        const words = page.getByText(point, { exact: true });
        const picture = page.locator(".dsr-point", { has: words }).locator("img");
        const [pictureBox, wordsBox] = [await picture.boundingBox(), await words.boundingBox()];
        expect(pictureBox!.width).toBe(screen.picture);
        expect(pictureBox!.x + pictureBox!.width).toBeLessThan(wordsBox!.x);
        expect(wordsBox!.y).toBeLessThan(pictureBox!.y + pictureBox!.height);
        // Large text, with room between the lines.
        const size = await words.evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
        const line = await words.evaluate((p) => parseFloat(getComputedStyle(p).lineHeight));
        expect(size).toBeGreaterThanOrEqual(20);
        expect(line / size).toBeGreaterThanOrEqual(1.5);
        // Nothing wider than the screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.width);

        await expectAccessible(page);
        const name = path === "/" ? "home" : path.slice(1);
        await page.screenshot({ path: `/tmp/h/easy-${name}-${screen.width}.png`, fullPage: true });
      });
    }
  });
}

test("professionals find the printable page from the home page, and it prints without the portal around it", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Easy read information to print for families" }).click();
  await expect(page).toHaveURL(/\/easy-read$/);
  await expect(page.getByRole("heading", { level: 1, name: "The Dynamic Support Register: easy read" })).toBeVisible();
  const hint = page.getByText("use your browser's print option");
  await expect(hint).toBeVisible();
  // The form's address is written out, for a family reading it on paper.
  await expect(page.getByText(/^127\.0\.0\.1:\d+\/refer$/)).toBeVisible();

  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("contentinfo")).toBeHidden();
  await expect(hint).toBeHidden();
  const words = page.getByText("You can change your mind at any time.");
  expect(await words.evaluate((p) => getComputedStyle(p).color)).toBe("rgb(0, 0, 0)");
  expect(await words.evaluate((p) => getComputedStyle(p.closest(".dsr-point")!).breakInside)).toBe("avoid");
  await page.screenshot({ path: "/tmp/h/easy-read-print.png", fullPage: true });
});

test.describe("with JavaScript turned off", () => {
  test.use({ javaScriptEnabled: false });

  test("the easy-read pages show their words and pictures", async ({ page }) => {
    for (const { path, heading, point } of PAGES.filter((p) => p.path !== "/refer")) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await expect(page.getByText(point, { exact: true })).toBeVisible();
      await expectPicturesShown(page);
    }
  });
});
