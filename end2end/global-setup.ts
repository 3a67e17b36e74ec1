import { chromium, expect, type FullConfig } from "@playwright/test";
import { COORDINATOR, DEMO_PASSWORD, STAFF_STATE } from "./tests/accounts";

/** Signs the demo coordinator in once through the login page and keeps the session for
 * the tests that work on the register. */
export default async function globalSetup(config: FullConfig) {
  const { baseURL, launchOptions } = config.projects[0].use;
  const browser = await chromium.launch(launchOptions);
  const page = await browser.newPage({ baseURL });
  await page.goto("/login");
  await page.getByLabel("Work email address").fill(COORDINATOR);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/register$/);
  await page.context().storageState({ path: STAFF_STATE });
  await browser.close();
}
