import { expect, test, type Page } from "@playwright/test";
import { NURSE, STAFF_STATE, signIn } from "./accounts";
import { RATINGS, cardsIn, expectAccessible, openHydrated, type RatingName } from "./support";

/** Fills the day, month and year boxes of the date question named `question`. */
async function fillDate(page: Page, question: RegExp, date: Date) {
  const group = page.getByRole("group", { name: question });
  await group.getByLabel("Day").fill(String(date.getDate()));
  await group.getByLabel("Month").fill(String(date.getMonth() + 1));
  await group.getByLabel("Year").fill(String(date.getFullYear()));
}

/** The first person on `page`'s board whose record it may open, and their rating. */
async function someoneOnTheBoard(page: Page): Promise<{ href: string; name: string; rating: RatingName }> {
  await openHydrated(page, "/register");
  for (const rating of RATINGS) {
    const [first] = await cardsIn(page, rating);
    if (first) return { ...first, rating };
  }
  throw new Error("no one on the board");
}

/** Sets up a meeting held today, chaired by the signed-in coordinator; returns its attendance page. */
async function setUpMeeting(page: Page): Promise<string> {
  await openHydrated(page, "/meetings");
  await expect(page.getByRole("heading", { level: 1, name: "DSR meetings" })).toBeVisible();
  // The demo's past meeting, with its minutes sent round.
  await expect(page.getByRole("table", { name: "DSR meetings, the latest first" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Set up a meeting" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Set up a DSR meeting" })).toBeVisible();
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await expect(page.getByLabel("Who chairs it?")).not.toHaveValue("");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Set up the meeting" }).click();
  await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]+\/attendance$/);
  return new URL(page.url()).pathname;
}

test("the chair records a decision and an action that an attendee sees appear; the minutes print", async ({ page, browser }) => {
  const nurse = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signIn(nurse, NURSE);
  await expect(nurse).toHaveURL(/\/register$/);
  const person = await someoneOnTheBoard(nurse);
  const id = person.href.split("/").pop();
  const target = person.rating === "Red" ? "Amber" : "Red";

  const attendance = await setUpMeeting(page);
  // Attendance: a line with nothing filled in is refused beside its fields.
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await page.getByRole("button", { name: "Add to the attendance" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter their name");
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await page.getByLabel("Name", { exact: true }).fill("Dev Rao");
  await page.getByLabel("Agency or team").fill("North Community Learning Disability Team");
  await page.getByRole("radio", { name: "Present" }).check();
  await page.getByRole("button", { name: "Add to the attendance" }).click();
  const sheet = page.getByRole("table", { name: "Attendance" });
  await expect(sheet).toContainText("Dev Rao");
  // Said, and the form emptied: a second press is not the same line again.
  await expect(page.getByRole("status").filter({ hasText: "Added to the attendance." })).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("");
  await page.getByLabel("Name", { exact: true }).fill("Priya Shah");
  await page.getByLabel("Agency or team").fill("County Council Adult Social Care");
  await page.getByRole("radio", { name: "Sent apologies" }).check();
  await page.getByRole("button", { name: "Add to the attendance" }).click();
  await expect(sheet).toContainText("Priya Shah");
  await expect(page.getByText("1 present, 1 sent apologies.")).toBeVisible();

  // Both open the person in the meeting view.
  const view = `/register/meeting?person=${id}`;
  await openHydrated(page, view);
  await openHydrated(nurse, view);
  const recorded = (p: Page) => p.getByRole("list", { name: "Recorded at this meeting" });
  await expect(nurse.getByRole("region", { name: /^DSR meeting, / })).toContainText("Nothing is recorded");
  await expect(nurse.getByRole("button", { name: "Record it" })).toHaveCount(0);
  await expect(nurse.locator("[data-status]")).toHaveAttribute("data-status", "live");

  // A decision changing the rating: a note cannot change it, and the reason is needed.
  const decision = `Placement at risk; support to increase ${Date.now()}`;
  await page.getByRole("radio", { name: "Discussion" }).check();
  await page.getByRole("radio", { name: `Change to ${target}` }).check();
  await page.getByRole("button", { name: "Record it" }).click();
  await expect(page.getByRole("alert")).toContainText("A change of rating is a decision");
  await expect(page.getByRole("alert")).toContainText("Enter what was discussed or decided");
  await expectAccessible(page);
  await page.getByRole("radio", { name: "Decision" }).check();
  await page.getByLabel("What was discussed or decided").fill(decision);
  await page.getByRole("button", { name: "Record it" }).click();
  await expect(recorded(page)).toContainText(decision);
  await expect(page.getByRole("status").filter({ hasText: "Recorded." })).toBeVisible();
  // The chair stays at the meeting's panel, not thrown back to the top of the page.
  await expect(page).toHaveURL(/#recording-heading$/);
  await expect(page.getByRole("heading", { level: 2, name: /^DSR meeting, / })).toBeInViewport();
  await expect(page.getByLabel("What was discussed or decided")).toHaveValue("");
  await expect(page.getByRole("radio", { name: "No change" })).toBeChecked();
  // The attendee sees it appear, with the new rating, without reloading.
  await expect(recorded(nurse)).toContainText(decision);
  await expect(recorded(nurse)).toContainText(`Rating changed from ${person.rating} to ${target}`);
  await expect(nurse.getByRole("region", { name: "Current rating" })).toContainText(`${target} since`);

  // An action agreed here goes back to the meeting view, and appears for the attendee.
  const what = `Share the crisis plan with the out-of-hours team ${Date.now()}`;
  await page.getByRole("link", { name: "Add an action agreed at this meeting" }).click();
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await page.getByLabel("What is to be done").fill(what);
  await page.getByRole("radio", { name: "Someone else" }).check();
  await page.getByLabel("If someone else: their name").fill("Pat Lowe");
  await page.getByLabel("If someone else: their agency").fill("Northshire Council");
  await fillDate(page, /When is it due by/, new Date(Date.now() + 14 * 24 * 3600 * 1000));
  await page.getByRole("button", { name: "Add action" }).click();
  await expect(page).toHaveURL(new RegExp(`/register/meeting\\?person=${id}$`));
  await expect(nurse.getByRole("table", { name: /^Actions/ })).toContainText(what);
  await expectAccessible(nurse);

  // The minutes: attendance, the decision and the action; printed without the portal's
  // navigation, the person on a page of their own.
  await page.getByRole("link", { name: "Read the minutes so far" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Minutes: DSR meeting, / })).toBeVisible();
  const minutes = page.getByRole("article");
  await expect(minutes).toContainText("Dev Rao, North Community Learning Disability Team");
  await expect(minutes).toContainText("Priya Shah, County Council Adult Social Care");
  const discussed = page.getByRole("region", { name: person.name });
  await expect(discussed).toContainText(decision);
  await expect(discussed.getByRole("table", { name: "Actions agreed" })).toContainText(what);
  await expect(discussed.getByRole("table", { name: "Actions agreed" })).toContainText("Pat Lowe, Northshire Council");
  await expectAccessible(page);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("link", { name: "Back to DSR meetings" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Save the day" })).toBeHidden();
  expect(await discussed.evaluate((el) => getComputedStyle(el).breakBefore)).toBe("page");
  await expect(discussed).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  // Sent round today.
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await fillDate(page, /Day the minutes were sent round/, new Date());
  await page.getByRole("button", { name: "Save the day" }).click();
  await expect(page.getByRole("definition").filter({ hasText: /\d{4}$/ }).first()).toBeVisible();
  await expect(minutes).not.toContainText("Not yet");

  // The attendee reads them too: the person they are linked to, in full.
  await nurse.goto(attendance.replace("/attendance", "/minutes"));
  await expect(nurse.getByRole("region", { name: person.name })).toContainText(decision);
  await expect(nurse.getByRole("button", { name: "Save the day" })).toHaveCount(0);
  await expectAccessible(nurse);
  await nurse.context().close();
});

test("a meeting's agenda is chosen when it is set up; its chair takes someone off and puts them back, also without JavaScript, and open agendas hear it live", async ({ page, browser }) => {
  await setUpMeeting(page);
  await openHydrated(page, "/register/meeting");
  await expect(page.getByText(/^Chosen for today's meeting when it was set up/)).toBeVisible();
  const progress = page.getByText(/^\d+ people on the agenda; \d+ of \d+ discussed so far\.$/);
  const total = Number((await progress.innerText()).split(" ")[0]);
  await page.getByRole("link", { name: "Start with the first person" }).click();
  const first = new RegExp(`^DSR meeting: 1 of ${total}\\b`);
  await expect(page.getByText(first)).toBeVisible();
  const personUrl = new URL(page.url()).pathname + new URL(page.url()).search;

  await page.getByRole("button", { name: /^Take off this meeting's agenda/ }).click();
  await expect(page.getByText("DSR meeting: not on the agenda")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Put on this meeting's agenda/ })).toBeVisible();
  await expectAccessible(page);
  await openHydrated(page, "/register/meeting");
  await expect(page.getByText(`${total - 1} people on the agenda; 0 of ${total - 1} discussed so far.`)).toBeVisible();

  // Put back with a plain form post.
  const plain = await (await browser.newContext({ storageState: STAFF_STATE, javaScriptEnabled: false })).newPage();
  await plain.goto(personUrl);
  await plain.getByRole("button", { name: /^Put on this meeting's agenda/ }).click();
  await expect(plain.getByText(first)).toBeVisible();
  await expect(plain.getByRole("button", { name: /^Take off this meeting's agenda/ })).toBeVisible();
  await plain.context().close();
  // The agenda left open in the first browser hears of it live, without a reload.
  await expect(page.getByText(`${total} people on the agenda; 0 of ${total} discussed so far.`)).toBeVisible();
  await expect(page.getByTestId("announcements")).toHaveText(`The meeting's agenda changed: ${total} people on it now.`);
});

test.describe("with JavaScript turned off", () => {
  test.use({ javaScriptEnabled: false });

  test("the chair takes attendance and records a note as plain form posts", async ({ page }) => {
    // The meeting before had its minutes sent round: this one is set up afresh, and the
    // meeting view records into the latest one set up for today.
    await page.goto("/meetings/new");
    await page.getByRole("button", { name: "Set up the meeting" }).click();
    await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]+\/attendance$/);
    await expect(page.getByRole("heading", { level: 1, name: /Attendance/ })).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill("Tess Hall");
    await page.getByLabel("Agency or team").fill("Riverside Special School");
    await page.getByRole("radio", { name: "Present" }).check();
    await page.getByRole("button", { name: "Add to the attendance" }).click();
    await expect(page.getByRole("table", { name: "Attendance" })).toContainText("Tess Hall");
    await page.getByRole("button", { name: "Take off Tess Hall" }).click();
    await expect(page.getByText("No one is on the attendance yet.")).toBeVisible();
    await expect(page.getByRole("table", { name: "Attendance" })).toHaveCount(0);

    await page.goto("/register");
    const [someone] = await cardsIn(page, "Amber");
    await page.goto(`/register/meeting?person=${someone.href.split("/").pop()}`);
    const note = `Talked through the holiday plans ${Date.now()}`;
    // Refused (no kind chosen): what was typed comes back with the message.
    await page.getByLabel("What was discussed or decided").fill(note);
    await page.getByRole("button", { name: "Record it" }).click();
    await expect(page.getByRole("alert")).toContainText("Choose whether this is discussion or a decision");
    await expect(page.getByLabel("What was discussed or decided")).toHaveValue(note);
    await page.getByRole("radio", { name: "Discussion" }).check();
    await page.getByRole("button", { name: "Record it" }).click();
    await expect(page.getByRole("list", { name: "Recorded at this meeting" })).toContainText(note);
  });
});
