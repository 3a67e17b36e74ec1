import { expect, test, type Page } from "@playwright/test";
import { signIn, STAFF_STATE, staffPage, TEACHER } from "./accounts";
import { cardFor, cardsIn, expectAccessible, openHydrated, section } from "./support";

/** The agenda's entries: each person's name and the link that opens them in the meeting. */
async function agenda(page: Page) {
  const items = page.getByRole("list", { name: "Agenda" }).getByRole("listitem");
  const out: { name: string; rating: string; text: string }[] = [];
  for (const item of await items.all()) {
    out.push({
      name: (await item.getByRole("link").innerText()).trim(),
      rating: (await item.locator(".dsr-tag").innerText()).trim(),
      text: await item.innerText(),
    });
  }
  return out;
}

/** The name of the person open in the meeting (the page's heading, without its caption). */
function openPerson(page: Page, name: string) {
  return page.getByRole("heading", { level: 1, name: new RegExp(`${name}$`) });
}

test("the agenda runs Blue, Red, Amber, then Green people whose review is due", async ({ page }) => {
  await openHydrated(page, "/register/meeting");
  await expect(page.getByRole("heading", { level: 1, name: "DSR meeting agenda" })).toBeVisible();
  const entries = await agenda(page);
  expect(entries.length).toBeGreaterThan(3);
  const order = ["Blue", "Red", "Amber", "Green"];
  const ranks = entries.map((e) => order.indexOf(e.rating));
  expect(ranks.every((r) => r >= 0)).toBe(true);
  expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
  for (const e of entries.filter((e) => e.rating === "Green")) {
    expect(e.text, "a Green person is on the agenda only when their review is due").toMatch(/review overdue since|review due today/);
  }
  await expectAccessible(page);
});

test("one person at a time: next and previous by link and by arrow keys, not while typing", async ({ page }) => {
  await openHydrated(page, "/register/meeting");
  const entries = await agenda(page);
  await page.getByRole("link", { name: "Start with the first person" }).click();
  await expect(openPerson(page, entries[0].name)).toBeVisible();
  await expect(page.getByText(`DSR meeting: 1 of ${entries.length}`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Rating history" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("navigation", { name: "Agenda" }).getByRole("link", { name: /Next/ }).click();
  await expect(openPerson(page, entries[1].name)).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(openPerson(page, entries[2].name)).toBeVisible();
  await page.keyboard.press("ArrowLeft");
  await expect(openPerson(page, entries[1].name)).toBeVisible();

  const reason = page.getByLabel("Reason for the change");
  await reason.fill("Typing here");
  await reason.press("ArrowRight");
  await expect(openPerson(page, entries[1].name)).toBeVisible();
  await expect(reason).toHaveValue("Typing here");

  // Back to the board within the running page: the browser draws the cards itself.
  await page.getByRole("link", { name: "Back to the register board" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Register board" })).toBeVisible();
  await expect(section(page, "Red").getByRole("listitem").first()).toBeVisible();
  const [someone] = await cardsIn(page, "Red");
  const card = cardFor(page, someone.href);
  await card.getByText("Change rating").click();
  await expect(card.getByRole("button", { name: "Save rating" })).toBeVisible();
});

test("follow mode: an attendee's screen follows the chair", async ({ browser }) => {
  const chair = await staffPage(browser);
  const attendee = await staffPage(browser);
  await openHydrated(chair, "/register/meeting");
  const entries = await agenda(chair);
  await chair.getByRole("link", { name: "Start with the first person" }).click();
  await expect(openPerson(chair, entries[0].name)).toBeVisible();
  await chair.getByText("Change how you take part").click();
  await chair.getByRole("radio", { name: /Chair the meeting/ }).check();
  await chair.getByRole("button", { name: "Save how I take part" }).click();

  await openHydrated(attendee, "/register/meeting");
  await expect(attendee.locator("[data-status]")).toHaveAttribute("data-status", "live");
  await attendee.getByText("Change how you take part").click();
  await attendee.getByRole("radio", { name: "Follow the chair's screen" }).check();
  await attendee.getByRole("button", { name: "Save how I take part" }).click();
  await expect(openPerson(attendee, entries[0].name)).toBeVisible();
  await expectAccessible(attendee);

  // The arrow keys belong to the radios while one has focus; click the page first.
  await openPerson(chair, entries[0].name).click();
  await chair.keyboard.press("ArrowRight");
  await expect(openPerson(chair, entries[1].name)).toBeVisible();
  await expect(openPerson(attendee, entries[1].name)).toBeVisible();
  await expect(attendee.getByTestId("announcements")).toHaveText(`The chair moved on to ${entries[1].name}.`);

  await chair.getByRole("navigation", { name: "Agenda" }).getByRole("link", { name: "Agenda", exact: true }).click();
  await chair.getByRole("list", { name: "Agenda" }).getByRole("link", { name: entries[3].name, exact: true }).click();
  await expect(openPerson(attendee, entries[3].name)).toBeVisible();

  // Moving on yourself stops following.
  await openPerson(attendee, entries[3].name).click();
  await attendee.keyboard.press("ArrowRight");
  await expect(openPerson(attendee, entries[4].name)).toBeVisible();
  await expect(attendee.getByText("You are going through the agenda on your own.")).toBeVisible();
  await chair.keyboard.press("ArrowLeft");
  await expect(openPerson(chair, entries[2].name)).toBeVisible();
  await expect(openPerson(attendee, entries[4].name)).toBeVisible();
});

/** Marks the demo school as attending today's meeting (or not) from the coordinator's `page`. */
async function schoolAttends(page: Page, attending: boolean) {
  await openHydrated(page, "/register/agencies");
  const row = page.getByRole("row").filter({ hasText: "Riverside Special School" });
  const button = row.getByRole("button", { name: attending ? /^Mark as attending/ : /^Mark as not attending/ });
  if (await button.count()) {
    await button.click();
    await expect(row.getByText(attending ? "Attending" : "Not attending", { exact: false }).first()).toBeVisible();
    await expect(row.getByRole("button", { name: attending ? /^Mark as not attending/ : /^Mark as attending/ })).toBeVisible();
  }
}

test("the chair is held on the server: it survives a reload, and a follower sees only a brief card, never an error", async ({ browser }) => {
  // Two people's browsers and a trip to the agencies page: more than the usual time.
  test.setTimeout(90_000);
  const chair = await staffPage(browser);
  const teacher = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signIn(teacher, TEACHER);
  await expect(teacher).toHaveURL(/\/register$/);
  await schoolAttends(chair, true);
  try {
    await openHydrated(chair, "/register/meeting");
    await chair.getByRole("link", { name: "Start with the first person" }).click();
    await chair.getByText("Change how you take part").click();
    await chair.getByRole("radio", { name: /Chair the meeting/ }).check();
    await chair.getByRole("button", { name: "Save how I take part" }).click();
    await expect(chair.getByText(/^You are chairing/)).toBeVisible();
    // A reload keeps the chair: the server holds it.
    await chair.reload();
    await expect(chair.locator("body[data-hydrated]")).toBeAttached();
    await expect(chair.getByText(/^You are chairing/)).toBeVisible();

    // The teacher's agency attends: she sees the agenda, her own people as links and the
    // rest in brief. The chair opens someone she is not linked to.
    await openHydrated(teacher, "/register/meeting");
    const items = teacher.getByRole("list", { name: "Agenda" }).getByRole("listitem");
    await expect(items.first()).toBeVisible();
    const unlinked = items.filter({ hasNot: teacher.getByRole("link") }).first();
    // The name is what comes before the rating tag (a family name may be a colour too).
    const text = await unlinked.innerText();
    const tag = (await unlinked.locator(".dsr-tag").innerText()).trim();
    const name = text.slice(0, text.indexOf(` ${tag} review`)).trim();
    await chair.getByRole("navigation", { name: "Agenda" }).getByRole("link", { name: "Agenda", exact: true }).click();
    await chair.getByRole("list", { name: "Agenda" }).getByRole("link", { name, exact: true }).click();
    await expect(openPerson(chair, name)).toBeVisible();

    await expect(teacher.locator("[data-status]")).toHaveAttribute("data-status", "live");
    await teacher.getByText("Change how you take part").click();
    await teacher.getByRole("radio", { name: "Follow the chair's screen" }).check();
    await teacher.getByRole("button", { name: "Save how I take part" }).click();
    await expect(teacher.getByText(/^You are following the chair's screen: .+ is chairing/)).toBeVisible();
    // She sees whom, in brief: the name, rating and review, never the record.
    await expect(teacher.getByText(`The chair is discussing ${name}, whom you are not linked to.`)).toBeVisible();
    await expect(teacher.getByTestId("chair-brief-card").locator(".dsr-tag")).toHaveText(tag);
    await expect(teacher.getByRole("heading", { level: 1, name })).toHaveCount(0);
    await expect(teacher.getByText("You cannot see this page")).toHaveCount(0);
    await expectAccessible(teacher);

    // The chair stops: the follower is told.
    await chair.getByText("Change how you take part").click();
    await chair.getByRole("radio", { name: "Go through the agenda on my own" }).check();
    await chair.getByRole("button", { name: "Save how I take part" }).click();
    await expect(teacher.getByText(/The chair has stopped sharing their screen/)).toBeVisible();
    await expect(teacher.getByText("You are following the chair's screen: no one is chairing just now.")).toBeVisible();
  } finally {
    await schoolAttends(chair, false);
  }
});

test("go to person: type part of a name, choose, and go; also without JavaScript", async ({ page, browser }) => {
  await openHydrated(page, "/register/meeting");
  const entries = await agenda(page);
  const target = entries[Math.min(5, entries.length - 1)];
  await page.getByRole("link", { name: "Start with the first person" }).click();
  await expect(openPerson(page, entries[0].name)).toBeVisible();
  const bar = page.getByRole("navigation", { name: "Agenda" });
  const field = bar.getByLabel("Go to person");
  const family = target.name.split(" ").slice(-1)[0];
  await field.pressSequentially(family.slice(0, 4).toLowerCase());
  await expect(page.locator(`#go-to-person-names option[value="${target.name}"]`)).toHaveCount(1);
  await field.fill(target.name);
  await bar.getByRole("button", { name: "Go" }).click();
  await expect(openPerson(page, target.name)).toBeVisible();
  await expectAccessible(page);

  await field.fill("Nobody Atall");
  await field.press("Enter");
  await expect(bar.getByText("No one on the agenda you may open has that name: check the spelling, or open them from the agenda")).toBeVisible();
  await expect(openPerson(page, target.name)).toBeVisible();

  // Without JavaScript the form is a plain post: the server opens the person.
  const plain = await (await browser.newContext({ storageState: STAFF_STATE, javaScriptEnabled: false })).newPage();
  await plain.goto("/register/meeting");
  await plain.getByLabel("Go to person").fill(target.name.toLowerCase());
  await plain.getByRole("button", { name: "Go" }).click();
  await expect(openPerson(plain, target.name)).toBeVisible();
});

test("each person carries what changed since the last meeting, in ink, and a rating change shows at once", async ({ page }) => {
  await openHydrated(page, "/register/meeting");
  await expect(page.getByText(/^Each person's marks say what changed since the last meeting on \d+ \w+ \d{4}\.$/)).toBeVisible();
  const marks = page.getByRole("list", { name: "Agenda" }).getByTestId("since-marks");
  await expect(marks.first()).toBeVisible();
  const mark = marks.first().locator(".dsr-since__mark").first();
  const [background, colour] = await mark.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
  expect(background, "a mark is never in a rating's colour").toBe("rgb(255, 255, 255)");
  expect(colour).toBe("rgb(33, 43, 50)");
  await expectAccessible(page);

  const amber = (await agenda(page)).find((e) => e.rating === "Amber");
  expect(amber, "an Amber person on the agenda").toBeDefined();
  await page.getByRole("list", { name: "Agenda" }).getByRole("link", { name: amber!.name, exact: true }).click();
  await expect(openPerson(page, amber!.name)).toBeVisible();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Save rating" }) });
  await form.getByRole("radio", { name: "Red" }).check();
  await form.getByLabel("Reason for the change").fill("Placement breaking down: raised at the meeting");
  await form.getByRole("button", { name: "Save rating" }).click();
  await expect(page.getByTestId("since-marks").first()).toContainText("Rating up from Amber");
});
