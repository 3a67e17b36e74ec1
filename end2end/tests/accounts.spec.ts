import { expect, test, type Page } from "@playwright/test";
import { ADMIN, enrolAuthenticator, NURSE, signIn, staffPage } from "./accounts";
import { expectAccessible, openHydrated } from "./support";

// These tests sign in for themselves.
test.use({ storageState: { cookies: [], origins: [] } });

/** Signs the demo admin in for the first time: an admin must set up an authenticator
 * app before anything else opens. */
async function signInAsAdmin(page: Page) {
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/login\/set-up-code$/);
  await expectAccessible(page);
  await enrolAuthenticator(page);
  await page.getByRole("link", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/admin\/accounts$/);
}

test("nothing with personal data opens without signing in", async ({ page }) => {
  for (const path of ["/register", "/register/meeting", "/account/sessions", "/admin/accounts"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(401);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to continue");
  }
  expect((await page.request.get("/events")).status()).toBe(401);
  await page.goto("/login");
  await expectAccessible(page);
});

test("a wrong password and an unknown email get the same answer, beside the field", async ({ page }) => {
  for (const email of [NURSE, "nobody@demo.invalid"]) {
    await openHydrated(page, "/login");
    await page.getByLabel("Work email address").fill(email);
    await page.getByLabel("Password").fill("not the password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter a correct email address and password");
    await expect(page).toHaveTitle(/^Error: /);
    await page.getByRole("link", { name: "Enter a correct email address and password" }).click();
    await expect(page.getByLabel("Work email address")).toBeFocused();
    await expectAccessible(page);
  }
});

test("register, an admin approves, then sign in with a second factor and reach the board", async ({ browser }) => {
  test.setTimeout(120_000);
  const email = `jo.bloggs.${Date.now()}@council.example`;
  const password = "velvet otters juggle quietly";

  // A professional asks for an account, from another computer than the admin's.
  const applicant = await (
    await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.7" } })
  ).newPage();
  await openHydrated(applicant, "/join");
  await expectAccessible(applicant);
  await applicant.getByRole("button", { name: "Send request" }).click();
  await expect(applicant.getByRole("alert")).toContainText("Enter your full name");
  await applicant.getByLabel("Full name").fill("Jo Bloggs");
  await applicant.getByLabel("Work email address").fill(email);
  await applicant.getByLabel("Agency").selectOption({ label: "County Council Adult Social Care (Social care)" });
  await applicant.getByLabel("Job title").fill("Social worker");
  await applicant.getByLabel("Create a password").fill(password);
  await applicant.getByRole("button", { name: "Send request" }).click();
  await expect(applicant.getByRole("heading", { name: "Request sent" })).toBeVisible();
  await expectAccessible(applicant);
  // Not yet approved: nothing opens, and the answer is the one a wrong password gets (so
  // registering with someone else's email tells nothing); the page says approval comes first.
  await signIn(applicant, email, password);
  await expect(applicant.getByRole("alert")).toContainText("Enter a correct email address and password");
  await expect(applicant.getByText("once the LDA team has approved your account")).toBeVisible();

  // The admin signs in with their second factor, approves, and requires it of everyone.
  const admin = await (await browser.newContext()).newPage();
  await signInAsAdmin(admin);
  await expectAccessible(admin);
  const request = admin.locator(".nhsuk-card").filter({ hasText: email });
  await expect(request.getByLabel("Agency this account is for")).toHaveValue(/.+/);
  await request.getByRole("button", { name: "Approve Jo Bloggs" }).click();
  await expect(admin.locator(".nhsuk-card").filter({ hasText: email })).toHaveCount(0);
  await expect(admin.getByText(`Jo Bloggs (Professional), ${email}`)).toBeVisible();
  await openHydrated(admin, "/admin/settings");
  await expectAccessible(admin);
  await admin.getByRole("button", { name: "Require it of all staff" }).click();
  await expect(admin.getByRole("button", { name: "Require it of admins only" })).toBeVisible();

  try {
    // The professional signs in and must set up an authenticator app first.
    await signIn(applicant, email, password);
    await expect(applicant).toHaveURL(/\/login\/set-up-code$/);
    const { used, codes } = await enrolAuthenticator(applicant);
    await expectAccessible(applicant);
    await applicant.getByRole("link", { name: "Continue" }).click();
    await expect(applicant).toHaveURL(/\/register$/);
    await expect(applicant.locator(".dsr-signed-in__name")).toHaveText("Jo Bloggs");

    // Signing out ends the session; the next sign-in asks for a code, and one already
    // used is refused; a recovery code works once.
    await applicant.getByRole("button", { name: "Sign out" }).click();
    await expect(applicant).toHaveURL(/\/login$/);
    expect((await applicant.goto("/register"))?.status()).toBe(401);
    await signIn(applicant, email, password);
    await expect(applicant).toHaveURL(/\/login\/code$/);
    await expectAccessible(applicant);
    await applicant.getByLabel("Security code").fill(used);
    await applicant.getByRole("button", { name: "Continue" }).click();
    await expect(applicant.getByRole("alert")).toContainText("unused recovery code");
    await applicant.getByLabel("Security code").fill(codes[0]);
    await applicant.getByRole("button", { name: "Continue" }).click();
    await expect(applicant).toHaveURL(/\/register$/);
  } finally {
    await openHydrated(admin, "/admin/settings");
    await admin.getByRole("button", { name: "Require it of admins only" }).click();
    await expect(admin.getByRole("button", { name: "Require it of all staff" })).toBeVisible();
  }

  // The admin sees it all in the audit trail.
  await openHydrated(admin, "/admin/audit");
  await admin.getByLabel("User's email").fill(email);
  await admin.getByRole("button", { name: "Show entries" }).click();
  const trail = admin.getByRole("table");
  for (const action of ["account_registered", "second_factor_enrolled", "second_factor_failed", "login", "logout"]) {
    await expect(trail.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
  }
  await expectAccessible(admin);
});

test("a professional sees only their own people's records", async ({ page, browser }) => {
  // The coordinator notes someone the nurse is not linked to.
  const coordinator = await staffPage(browser);
  await openHydrated(coordinator, "/register");
  const names = await coordinator.getByRole("region").getByRole("listitem").getByRole("heading", { level: 3 }).allInnerTexts();

  await signIn(page, NURSE);
  await expect(page).toHaveURL(/\/register$/);
  await openHydrated(page, "/register");
  // Her agency has no wider brief view: the board shows only her linked people, in full.
  const cards = page.getByRole("region").getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3 }) });
  await expect(cards).toHaveCount(3);
  const linked = cards.getByRole("heading", { level: 3 }).getByRole("link");
  await expect(linked).toHaveCount(3);
  const mine = await cards.getByRole("heading", { level: 3 }).allInnerTexts();
  const otherName = names.find((name) => !mine.includes(name))!;
  await expect(page.getByRole("heading", { level: 3, name: otherName })).toHaveCount(0);
  await expectAccessible(page);

  const href = (await linked.first().getAttribute("href"))!;
  const otherLink = coordinator.getByRole("heading", { level: 3, name: otherName }).getByRole("link");
  const other = (await otherLink.getAttribute("href"))!.replace("/people/", "");
  await openHydrated(page, href);
  await expect(page.getByRole("heading", { name: "Who is involved" })).toBeVisible();
  await expect(page.getByText("Dev Rao, Community learning disability nurse")).toBeVisible();

  const response = await page.goto(`/people/${other}`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You cannot see this page");
  await expect(page.getByText("Current rating")).toHaveCount(0);
  await expectAccessible(page);
});

test("staff see where they are signed in and can end another session", async ({ browser }) => {
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  await signIn(second, NURSE);
  await expect(second).toHaveURL(/\/register$/);
  await signIn(first, NURSE);
  await expect(first).toHaveURL(/\/register$/);
  await openHydrated(first, "/account/sessions");
  await expectAccessible(first);
  const rows = first.getByRole("row").filter({ has: first.getByRole("button", { name: /End session/ }) });
  expect(await rows.count()).toBeGreaterThanOrEqual(1);
  for (let open = await rows.count(); open > 0; open--) {
    await rows.first().getByRole("button", { name: /End session/ }).click();
    await expect(rows).toHaveCount(open - 1);
  }
  await expect(first.getByRole("cell", { name: "This session" })).toBeVisible();
  expect((await second.goto("/register"))?.status()).toBe(401);
});
