import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { error, Key, type WebDriver } from "selenium-webdriver";
import { choose, closeApp, find, findAll, newDataDir, openApp, screenshot, startDriver, stopDriver, typeInto, waitForText } from "./harness";

/**
 * The encrypted database (issue 11): the first start asks for the first profile and its
 * passphrase and shows the recovery key once; the window locks after the idle time (a
 * test-only few seconds) with nothing of the data on screen and unsaved typing kept; a
 * wrong passphrase is said plainly; the next start asks for the passphrase; `--demo` on a
 * new folder shows its passphrase at the sign-in.
 */
const SHOTS = process.env.SCREENSHOT_DIR;
const PASSPHRASE = "grøn kaffe på 3. sal";
const LOCK_SECONDS = "4";
let tauriDriver: ChildProcess | undefined;
let driver: WebDriver | undefined;
const dataDir = newDataDir();
/** The recovery key shown at the first start. */
let recoveryKey = "";

beforeAll(async () => {
  tauriDriver = await startDriver();
});

afterAll(() => stopDriver(tauriDriver));

async function displayed(d: WebDriver, testId: string): Promise<boolean> {
  const [first] = await findAll(d, testId);
  return first !== undefined && (await first.isDisplayed());
}

/**
 * The texts of every element with `testId` once the list holds still: a list being drawn
 * again (a filter changed) gives stale elements, which are read again.
 */
async function texts(d: WebDriver, testId: string): Promise<string[]> {
  for (let i = 0; ; i++) {
    try {
      return await Promise.all((await findAll(d, testId)).map((e) => e.getText()));
    } catch (err) {
      if (i > 20 || !(err instanceof error.StaleElementReferenceError)) throw err;
      await sleep(100);
    }
  }
}

async function unlockAs(d: WebDriver, passphrase: string): Promise<void> {
  await typeInto(d, "unlock-passphrase", passphrase);
  await (await find(d, "unlock-submit")).click();
}

describe("encrypted database", () => {
  it("first start: the first profile and its passphrase, then the recovery key once", async () => {
    driver = await openApp(dataDir, ["--test-lock-seconds", LOCK_SECONDS], { encrypted: true });
    const d = driver;
    await find(d, "first-start");
    // Too short a passphrase is refused, naming the field; nothing is made.
    await typeInto(d, "first-name", "Louise Bach");
    await typeInto(d, "first-passphrase", "kort");
    await typeInto(d, "first-passphrase-repeat", "kort");
    await (await find(d, "first-create")).click();
    const short = await waitForText(d, "error-first-passphrase", (t) => t.length > 0);
    expect(short).toContain("Adgangsfrase skal have mindst 10 tegn");
    // Typed differently the second time.
    await typeInto(d, "first-passphrase", PASSPHRASE);
    await typeInto(d, "first-passphrase-repeat", `${PASSPHRASE}!`);
    await (await find(d, "first-create")).click();
    expect(await waitForText(d, "error-first-passphrase_repeat", (t) => t.length > 0)).toContain("Adgangsfrasen igen er ikke den samme");
    await typeInto(d, "first-passphrase", PASSPHRASE);
    await typeInto(d, "first-passphrase-repeat", PASSPHRASE);
    await (await find(d, "first-create")).click();
    const key = await waitForText(d, "recovery-key", (t) => t.length > 0, 20_000);
    expect(key).toMatch(/^([A-Z2-7]{4}-){12}[A-Z2-7]{4}$/);
    recoveryKey = key;
    if (SHOTS) await screenshot(join(SHOTS, "recovery-key.png"));
    // Going on needs the confirmation that the key is kept.
    const go = await find(d, "recovery-continue");
    expect(await go.isEnabled()).toBe(false);
    await (await find(d, "recovery-written")).click();
    await go.click();
    expect(await waitForText(d, "signed-in-name", (t) => t.length > 0)).toBe("Louise Bach");
    // The key is not shown again.
    expect(await findAll(d, "recovery-key")).toHaveLength(0);
  });

  it("locks after the idle time: nothing on screen, a wrong passphrase said, unsaved typing kept", async () => {
    const d = driver!;
    await (await find(d, "nav-projects")).click();
    await d.executeScript("location.hash = '#/projekter/ny'");
    await typeInto(d, "input-title", "Halvfærdig titel, ikke gemt");
    // No use of the window: the lock comes after a few seconds.
    await find(d, "unlock", 20_000);
    expect(await displayed(d, "input-title")).toBe(false);
    expect(await (await d.findElement({ css: "nav" })).isDisplayed()).toBe(false);
    const body = await (await d.findElement({ css: "body" })).getText();
    expect(body).not.toContain("Halvfærdig titel");
    if (SHOTS) await screenshot(join(SHOTS, "locked.png"));
    await unlockAs(d, "ikke min adgangsfrase");
    const said = await waitForText(d, "unlock-error", (t) => t.length > 0, 15_000);
    expect(said).toContain("Adgangsfrasen passer ikke");
    await unlockAs(d, PASSPHRASE);
    await d.wait(async () => displayed(d, "input-title"), 15_000);
    expect(await (await find(d, "input-title")).getAttribute("value")).toBe("Halvfærdig titel, ikke gemt");
    // Ctrl+L locks at once.
    await (await find(d, "input-title")).sendKeys(Key.chord(Key.CONTROL, "l"));
    await find(d, "unlock", 5_000);
    await unlockAs(d, PASSPHRASE);
    await d.wait(async () => displayed(d, "input-title"), 15_000);
  });

  it("asks for the passphrase at the next start", async () => {
    await closeApp(driver, dataDir);
    driver = await openApp(dataDir, [], { encrypted: true });
    const d = driver;
    await find(d, "unlock");
    expect(await (await find(d, "unlock-profile")).getText()).toContain("Louise Bach");
    await unlockAs(d, PASSPHRASE);
    expect(await waitForText(d, "signed-in-name", (t) => t.length > 0, 15_000)).toBe("Louise Bach");
  });

  it("the audit screen shows the searches just made, and the check finds the log whole", async () => {
    const d = driver!;
    await (await find(d, "nav-inputs")).click();
    await typeInto(d, "input-filter-text", "medicinering");
    await waitForText(d, "input-count", (t) => t.length > 0);
    await (await find(d, "nav-settings")).click();
    const panel = await find(d, "audit");
    await d.executeScript("arguments[0].scrollIntoView({ block: 'start' })", panel);
    await choose(d, "audit-action", "search");
    await d.wait(async () => (await texts(d, "audit-row-detail")).some((t) => t.includes("medicinering")), 10_000);
    await d.wait(async () => {
      const actions = await texts(d, "audit-row-action");
      return actions.length > 0 && actions.every((a) => a === "Søgt");
    }, 10_000);
    expect(await texts(d, "audit-row-who")).toContain("Louise Bach");
    // The sign-ins and the wrong passphrase are there too.
    await choose(d, "audit-action", "failed_sign_in");
    await d.wait(async () => (await findAll(d, "audit-row")).length >= 1, 10_000);
    await (await find(d, "audit-check")).click();
    expect(await waitForText(d, "audit-checked", (t) => t.length > 0)).toContain("Loggen er hel");
    if (SHOTS) await screenshot(join(SHOTS, "audit-log.png"));
    await closeApp(driver, dataDir);
    driver = undefined;
  });

  it("a lost data folder: the first start restores the newest backup with the recovery key", async () => {
    if (driver) await closeApp(driver, dataDir);
    driver = await openApp(dataDir, [], { encrypted: true });
    let d = driver;
    await unlockAs(d, PASSPHRASE);
    await find(d, "nav-projects", 15_000);
    await d.executeScript("location.hash = '#/projekter/ny'");
    await typeInto(d, "input-title", "Projekt fra før tabet");
    await (await find(d, "save")).click();
    await waitForText(d, "project-title", (t) => t === "Projekt fra før tabet", 15_000);
    await (await find(d, "nav-settings")).click();
    await (await find(d, "take-backup")).click();
    await d.wait(async () => (await findAll(d, "backup-row")).length >= 1, 30_000);
    await closeApp(driver, dataDir);
    // The data folder is lost, key file and all; the backup folder beside it is not.
    rmSync(dataDir, { recursive: true, force: true });
    driver = await openApp(dataDir, [], { encrypted: true });
    d = driver;
    await (await find(d, "first-restore")).click();
    expect(await waitForText(d, "restore-path", (t) => t.length > 0)).toContain("Den nyeste sikkerhedskopi");
    // A key that is not this database's is said plainly.
    const wrong = (recoveryKey[0] === "A" ? "B" : "A") + recoveryKey.slice(1);
    await typeInto(d, "restore-key", wrong);
    await (await find(d, "restore-open")).click();
    expect(await waitForText(d, "restore-error", (t) => t.length > 0, 20_000)).toContain("Gendannelsesnøglen passer ikke");
    await typeInto(d, "restore-key", recoveryKey.toLowerCase());
    await (await find(d, "restore-open")).click();
    await find(d, "restore-profile", 20_000);
    expect(await (await find(d, "restore-profile")).getText()).toContain("Louise Bach");
    await typeInto(d, "restore-passphrase", "en helt ny adgangsfrase");
    await typeInto(d, "restore-passphrase-repeat", "en helt ny adgangsfrase");
    if (SHOTS) await screenshot(join(SHOTS, "restore-with-recovery-key.png"));
    await (await find(d, "restore-submit")).click();
    expect(await waitForText(d, "signed-in-name", (t) => t.length > 0, 30_000)).toBe("Louise Bach");
    await (await find(d, "nav-projects")).click();
    await d.wait(async () => (await texts(d, "project-row")).some((t) => t.includes("Projekt fra før tabet")), 15_000);
    // The next start asks for the new passphrase.
    await closeApp(driver, dataDir);
    driver = await openApp(dataDir, [], { encrypted: true });
    d = driver;
    await unlockAs(d, "en helt ny adgangsfrase");
    expect(await waitForText(d, "signed-in-name", (t) => t.length > 0, 15_000)).toBe("Louise Bach");
    await closeApp(driver, dataDir);
    driver = undefined;
  });

  it("--demo on a new folder shows the demo passphrase at the sign-in", async () => {
    // One window at a time: a test above that stopped half-way leaves its window open.
    if (driver) await closeApp(driver, dataDir);
    const demoDir = newDataDir();
    driver = await openApp(demoDir, ["--demo"], { encrypted: true });
    const d = driver;
    const hint = await waitForText(d, "unlock-demo", (t) => t.length > 0);
    expect(hint).toContain("samskab-demo");
    await unlockAs(d, "samskab-demo");
    await find(d, "nav-projects", 15_000);
    await (await find(d, "nav-projects")).click();
    await d.wait(async () => (await findAll(d, "project-row")).length > 0, 15_000);
    await closeApp(driver, demoDir);
    driver = undefined;
  });
});
