import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, openHydrated, recordIn } from "./support";

/** Fills the day, month and year boxes of the date question named `question`. */
async function fillDate(page: Page, question: RegExp, date: Date) {
  const group = page.getByRole("group", { name: question });
  await group.getByLabel("Day").fill(String(date.getDate()));
  await group.getByLabel("Month").fill(String(date.getMonth() + 1));
  await group.getByLabel("Year").fill(String(date.getFullYear()));
}

test("a C(E)TR planned with the network down is saved once; consent, then the outcome, complete it", async ({ context, page }) => {
  const record = await recordIn(page, "Red", 2);
  await openHydrated(page, record);
  await expect(page.getByRole("heading", { level: 2, name: "What the policy asks for" })).toBeVisible();
  // The demo may already hold reviews of this person: count on from them.
  const plannedCards = page.getByRole("heading", { level: 3, name: /^Community C\(E\)TR, planned for/ });
  const heldCards = page.getByRole("heading", { level: 3, name: /^Community C\(E\)TR, held/ });
  const [plannedBefore, heldBefore] = [await plannedCards.count(), await heldCards.count()];
  await page.getByRole("link", { name: /^Plan a C\(E\)TR/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Plan a C(E)TR");
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await expectAccessible(page);

  const planned = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  await page.getByRole("radio", { name: "Community C(E)TR" }).check();
  await fillDate(page, /When is it planned for/, planned);
  await page.getByRole("group", { name: "Chair" }).getByLabel("Name (optional)").fill("Ann Lee");
  await page.getByRole("group", { name: "Chair" }).getByLabel("Role or organisation (optional)").fill("ICB commissioner");

  const sends: number[] = [];
  page.on("response", (r) => { if (r.url().includes("/api/save_ctr_plan")) sends.push(r.status()); });
  await context.setOffline(true);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Your form has not been sent yet");
  await context.setOffline(false);
  await expect(page).toHaveURL(record);
  await expect(plannedCards).toHaveCount(plannedBefore + 1);
  expect(sends).toHaveLength(1);
  expect(sends[0]).toBeLessThan(400);
  await expect(page.getByRole("main")).toContainText("Ann Lee, ICB commissioner");

  // Consent first: the outcome page says so until it is recorded.
  await page.getByRole("link", { name: /^Record the outcome/ }).first().click();
  await expect(page.getByText("A review is recorded as held only once its consent is recorded.")).toBeVisible();
  await page.getByRole("link", { name: "Record consent for this review" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Consent for this C(E)TR");
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  // A parent's consent needs the child's view: refused beside the field, nothing lost.
  await page.getByRole("radio", { name: "Consent from someone with parental responsibility" }).check();
  await page.getByLabel("Name of who consented, or who made the decision").fill("Their mother");
  await fillDate(page, /When was consent given/, new Date());
  await page.getByRole("button", { name: "Save consent" }).click();
  await expect(page.getByRole("alert")).toContainText("There is a problem");
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByLabel("Name of who consented, or who made the decision")).toHaveValue("Their mother");
  await expectAccessible(page);
  await page.getByRole("radio", { name: "The person's own consent" }).check();
  await page.getByRole("button", { name: "Save consent" }).click();
  await expect(page).toHaveURL(record);
  await expect(page.getByRole("main")).toContainText("The person's own consent: Their mother");

  await page.getByRole("link", { name: /^Record the outcome/ }).first().click();
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await fillDate(page, /When was it held/, new Date());
  await page.getByRole("radio", { name: "Admission avoided" }).check();
  await page.getByLabel("Summary of the review").fill("A crisis plan agreed with the family and school.");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save outcome" }).click();
  await expect(page).toHaveURL(record);
  await expect(heldCards).toHaveCount(heldBefore + 1);
  await expect(plannedCards).toHaveCount(plannedBefore);
  await expect(page.getByRole("main")).toContainText("A crisis plan agreed with the family and school.");
  await expect(page.getByRole("table", { name: /What the policy asks for/ })).toBeVisible();
  await expectAccessible(page);

  // Each recommendation becomes an action, marked as coming from the C(E)TR.
  await page.getByRole("link", { name: /^Add a recommendation as an action/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Add a C(E)TR recommendation as an action");
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await page.getByLabel("What is to be done").fill("Refer to the intensive support team");
  await page.getByRole("radio", { name: "Someone else" }).check();
  await page.getByLabel("If someone else: their name").fill("Dr Helen Wu");
  await page.getByLabel("If someone else: their agency").fill("Intensive support team");
  await fillDate(page, /When is it due by/, planned);
  await page.getByRole("button", { name: "Add action" }).click();
  await expect(page).toHaveURL(record);
  const recommendation = page.getByRole("table", { name: /^Actions/ }).getByRole("row").filter({ hasText: "Refer to the intensive support team" });
  await expect(recommendation).toContainText("From: a C(E)TR recommendation");
});
