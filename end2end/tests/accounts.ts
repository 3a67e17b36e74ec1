import { createHmac } from "node:crypto";
import { expect, type Browser, type Page } from "@playwright/test";
import { HYDRATION_MS } from "./support";

/** The demo accounts' password (scripts/e2e-server.sh seeds them with the default). */
export const DEMO_PASSWORD = "purple lantern walks home";
export const ADMIN = "admin@demo.invalid";
export const COORDINATOR = "coordinator@demo.invalid";
/** Key professional for the first three people by family name. */
export const NURSE = "nurse@demo.invalid";
/** A professional from another agency (a school). */
export const TEACHER = "teacher@demo.invalid";
/** Reads the figures only, small numbers suppressed. */
export const COMMISSIONER = "commissioner@demo.invalid";

/** Where the signed-in coordinator's session is kept between tests. */
export const STAFF_STATE = ".state/coordinator.json";

/** A new page in its own context, signed in as the demo coordinator. */
export async function staffPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ storageState: STAFF_STATE })).newPage();
}

/** Signs in on `page` with email and password, once the page is running in the browser
 * (a press while the page is still starting up can be lost); says nothing about where it
 * lands. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await expect(page.locator("body[data-hydrated]")).toBeAttached({ timeout: HYDRATION_MS });
  await page.getByLabel("Work email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The six-digit TOTP code for a base32 `secret` at `time` (RFC 6238, SHA-1, 30 s). */
export function totp(secret: string, time = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/[\s=]+/g, "")) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  }
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time / 1000 / 30)));
  const h = createHmac("sha1", key).update(counter).digest();
  const offset = h[19] & 0xf;
  const value = ((h[offset] & 0x7f) << 24) | (h[offset + 1] << 16) | (h[offset + 2] << 8) | h[offset + 3];
  return String(value % 1_000_000).padStart(6, "0");
}

/** On the set-up page: reads the key, enters the app's code, and returns the key, the
 * code entered and the recovery codes shown. */
export async function enrolAuthenticator(page: Page): Promise<{ secret: string; used: string; codes: string[] }> {
  await expect(page.getByRole("heading", { name: "Set up your authenticator app" })).toBeVisible();
  const secret = (await page.locator("code.dsr-secret").innerText()).trim();
  const used = totp(secret);
  await page.getByLabel("Security code").fill(used);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Your authenticator app is set up" })).toBeVisible();
  const codes = (await page.locator(".dsr-recovery-codes code").allInnerTexts()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  return { secret, used, codes };
}
