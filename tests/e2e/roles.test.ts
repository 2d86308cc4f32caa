import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { By, Key, type WebDriver } from "selenium-webdriver";
import { closeApp, find, findAll, newDataDir, openApp, screenshot, startDriver, stopDriver, typeInto, waitForText, openProject, choose } from "./harness";

/**
 * People and roles on the embedded database: the first person made in Indstillinger →
 * Personer becomes administrator; with several, the app asks who uses it at start; each
 * role sees only what it may do, and the history names the chosen person.
 */
const SHOTS = process.env.SCREENSHOT_DIR;
let tauriDriver: ChildProcess | undefined;
let driver: WebDriver | undefined;
const dataDir = newDataDir();

beforeAll(async () => {
  tauriDriver = await startDriver();
});

afterAll(() => stopDriver(tauriDriver));

/** Whether nothing with `testId` is on the screen now. */
async function absent(d: WebDriver, testId: string): Promise<boolean> {
  return (await findAll(d, testId)).length === 0;
}

async function names(d: WebDriver): Promise<string[]> {
  return Promise.all((await findAll(d, "person-name-cell")).map((e) => e.getText()));
}

/** Adds a person through the form, with the roles given (by their value). */
async function addPerson(d: WebDriver, name: string, roles: string[]): Promise<void> {
  const before = (await findAll(d, "person-row")).length;
  await typeInto(d, "person-name", name);
  for (const r of roles) await (await find(d, `person-role-${r}`)).click();
  await (await find(d, "person-save")).click();
  await d.wait(async () => (await findAll(d, "person-row")).length === before + 1, 10_000);
}

/** The row of the person called `name` in Indstillinger → Personer. */
async function rowOf(d: WebDriver, name: string) {
  for (const row of await findAll(d, "person-row")) {
    if ((await row.findElement(By.css("[data-testid=person-name-cell]")).getText()) === name) return row;
  }
  throw new Error(`no person ${name}`);
}

async function showPeople(d: WebDriver): Promise<void> {
  await (await find(d, "nav-settings")).click();
  const section = await find(d, "people");
  await d.executeScript("arguments[0].scrollIntoView({ block: 'start' })", section);
}

/** The text of the button that has the keyboard focus. */
async function focusedText(d: WebDriver): Promise<string> {
  return (await d.switchTo().activeElement()).getText();
}

describe("people and roles through the real window", () => {
  afterAll(() => closeApp(driver, dataDir));

  it("explains that there are no people yet, and makes the first an administrator who is signed in", async () => {
    driver = await openApp(dataDir);
    const d = driver;
    // No profiles: everything is allowed, and nobody is named.
    await find(d, "overview-phases");
    expect(await absent(d, "signed-in")).toBe(true);
    await showPeople(d);
    await waitForText(d, "people-none", (t) => t === "Samskab har ingen personer endnu — alle kan alt. Den første person, du opretter, bliver administrator.");
    // The administrator role is given to the first person whatever is ticked.
    const admin = await find(d, "person-role-administrator");
    expect(await admin.isSelected()).toBe(true);
    expect(await admin.isEnabled()).toBe(false);
    if (SHOTS) await screenshot(join(SHOTS, "roles-people-none.png"));

    // Nothing typed, nothing ticked: Danish messages next to the fields, nothing saved.
    await (await find(d, "person-save")).click();
    await waitForText(d, "error-person-name", (t) => t === "Navn skal udfyldes.");
    expect(await (await find(d, "person-form-error")).getText()).toBe("Personen er ikke gemt. Ret felterne markeret herunder.");
    expect(await (await d.switchTo().activeElement()).getAttribute("data-testid")).toBe("person-name");

    await typeInto(d, "person-name", "Louise Bach");
    await (await find(d, "person-role-consultant")).click();
    await (await find(d, "person-save")).click();
    await waitForText(d, "signed-in-name", (t) => t === "Louise Bach");
    expect(await (await find(d, "signed-in-roles")).getText()).toBe("Samskabelseskonsulent, Administrator");
    expect(await names(d)).toEqual(["Louise Bach"]);
    expect(await (await find(d, "person-roles")).getText()).toBe("Samskabelseskonsulent, Administrator");
    // With one person there is no one to switch to.
    expect(await absent(d, "switch-person")).toBe(true);
  });

  it("adds a peer consultant and a manager, refuses a name twice and a person without a role", async () => {
    const d = driver!;
    await addPerson(d, "Ali", ["peer"]);
    // The same name (in other letters) and no role.
    await typeInto(d, "person-name", "ALI");
    await (await find(d, "person-save")).click();
    await waitForText(d, "error-person-name", (t) => t === "Der er allerede en person med det navn.");
    await waitForText(d, "error-person-roles", (t) => t === "Vælg mindst én rolle.");
    await addPerson(d, "Mette", ["manager"]);
    expect(await names(d)).toEqual(["Louise Bach", "Ali", "Mette"]);
    expect(await (await (await rowOf(d, "Ali")).findElement(By.css("[data-testid=person-roles]"))).getText()).toBe("Peer-konsulent");
    expect(await (await (await rowOf(d, "Mette")).findElement(By.css("[data-testid=person-roles]"))).getText()).toBe("Leder");
    await find(d, "switch-person");
  });

  it("keeps the last administrator", async () => {
    const d = driver!;
    await (await (await rowOf(d, "Louise Bach")).findElement(By.css("[data-testid=person-remove]"))).click();
    await find(d, "remove-person-dialog");
    await (await find(d, "remove-person-dialog-confirm")).click();
    // Louise is the one signed in: removing oneself is refused first.
    await waitForText(d, "people-error", (t) => t === "Du kan ikke fjerne dig selv. Bed en anden administrator om det. Der er ikke ændret noget.");
    expect(await names(d)).toEqual(["Louise Bach", "Ali", "Mette"]);

    // Editing: taking the role away from the last administrator is refused the same way.
    await (await (await rowOf(d, "Louise Bach")).findElement(By.css("[data-testid=person-edit]"))).click();
    await waitForText(d, "person-form-title", (t) => t === "Rediger Louise Bach");
    await (await find(d, "person-role-administrator")).click();
    await (await find(d, "person-save")).click();
    await waitForText(d, "people-error", (t) => t.startsWith("Der skal altid være mindst én administrator."));
    await (await find(d, "person-cancel")).click();
    expect(await absent(d, "people-error")).toBe(true);
    if (SHOTS) {
      await showPeople(d);
      await screenshot(join(SHOTS, "roles-people.png"));
    }
  });

  it("names the signed-in person in the history", async () => {
    const d = driver!;
    await (await find(d, "nav-projects")).click();
    await (await find(d, "new-project")).click();
    await typeInto(d, "input-title", "Pjece om søvn");
    await (await find(d, "save")).click();
    await waitForText(d, "project-title", (t) => t === "Pjece om søvn");
    await waitForText(d, "timeline-entry", (t) => t.includes("af Louise Bach"));
  });

  it("asks who uses Samskab at the next start, from the keyboard", async () => {
    await closeApp(driver, dataDir);
    driver = await openApp(dataDir);
    const d = driver;
    await find(d, "profile-chooser");
    expect(await absent(d, "signed-in")).toBe(true);
    const choices = await findAll(d, "profile-choice");
    expect(await Promise.all(choices.map((c) => c.findElement(By.css("[data-testid=profile-name]")).getText()))).toEqual(["Louise Bach", "Ali", "Mette"]);
    expect(await Promise.all(choices.map((c) => c.findElement(By.css("[data-testid=profile-roles]")).getText()))).toEqual([
      "Samskabelseskonsulent, Administrator",
      "Peer-konsulent",
      "Leder",
    ]);
    // The first has the focus; Ctrl+I and N do nothing here.
    expect(await focusedText(d)).toContain("Louise Bach");
    await (await d.switchTo().activeElement()).sendKeys(Key.chord(Key.CONTROL, "i"));
    expect(await absent(d, "quick-capture")).toBe(true);
    if (SHOTS) await screenshot(join(SHOTS, "roles-chooser.png"));
    // Tab to Ali, Enter.
    await (await d.switchTo().activeElement()).sendKeys(Key.TAB);
    expect(await focusedText(d)).toContain("Ali");
    await (await d.switchTo().activeElement()).sendKeys(Key.ENTER);
    await waitForText(d, "signed-in-name", (t) => t === "Ali");
  });

  it("shows a peer consultant the Peer-board and nothing they may not do", async () => {
    const d = driver!;
    expect(await (await find(d, "signed-in-roles")).getText()).toBe("Peer-konsulent");
    // The first screen is the Peer-board.
    await find(d, "plan-meeting");
    expect(await (await find(d, "nav-board")).getAttribute("aria-current")).toBe("page");
    for (const hidden of ["nav-overview", "nav-projects", "nav-inputs", "add-member"]) expect(await absent(d, hidden), hidden).toBe(true);
    // Ctrl+I (quick capture of input) and N (new project) do nothing.
    await d.findElement(By.css("body")).sendKeys(Key.chord(Key.CONTROL, "i"));
    await d.findElement(By.css("body")).sendKeys("n");
    await sleep(300);
    expect(await absent(d, "quick-capture")).toBe(true);
    expect(await absent(d, "project-form")).toBe(true);
    // An address of a screen the role may not see leads to the first one it may.
    await d.executeScript("location.hash = '#/projekter/ny'");
    await sleep(300);
    await find(d, "plan-meeting");
    expect(await absent(d, "project-form")).toBe(true);
    // Indstillinger: no people, no backups, and the settings are not the peer's to change.
    await (await find(d, "nav-settings")).click();
    await find(d, "settings-admin-only");
    for (const hidden of ["people", "backups", "whole-database", "save-settings"]) expect(await absent(d, hidden), hidden).toBe(true);
    expect(await (await find(d, "input-language")).isEnabled()).toBe(false);
    if (SHOTS) await screenshot(join(SHOTS, "roles-peer-settings.png"));
    await (await find(d, "nav-board")).click();
    await find(d, "plan-meeting");
    if (SHOTS) await screenshot(join(SHOTS, "roles-peer-board.png"));
  });

  it("switches to a manager, who reads projects and Oversigt and changes nothing", async () => {
    const d = driver!;
    await (await find(d, "switch-person")).click();
    await find(d, "profile-chooser");
    for (const c of await findAll(d, "profile-choice")) {
      if ((await c.getText()).includes("Mette")) {
        await c.click();
        break;
      }
    }
    await waitForText(d, "signed-in-name", (t) => t === "Mette");
    // Oversigt first, without personal data in exports.
    await find(d, "overview-phases");
    await find(d, "export-button");
    expect(await absent(d, "export-personal")).toBe(true);
    for (const hidden of ["nav-board", "nav-inputs"]) expect(await absent(d, hidden), hidden).toBe(true);
    await (await find(d, "nav-projects")).click();
    await waitForText(d, "project-count", (t) => t === "1 projekt");
    expect(await absent(d, "new-project")).toBe(true);
    await openProject(d, "Pjece om søvn");
    for (const hidden of ["edit-project", "archive-toggle", "next-phase", "project-consultations", "project-inputs"]) {
      expect(await absent(d, hidden), hidden).toBe(true);
    }
    await find(d, "report-link");
    await waitForText(d, "timeline-entry", (t) => t.includes("af Louise Bach"));
    if (SHOTS) await screenshot(join(SHOTS, "roles-manager-project.png"));
    await d.findElement(By.css("body")).sendKeys("n");
    await sleep(300);
    expect(await absent(d, "project-form")).toBe(true);
  });

  it("names the person chosen at start in the history of what they change", async () => {
    const d = driver!;
    await (await find(d, "switch-person")).click();
    await find(d, "profile-chooser");
    // Esc goes back without switching.
    await (await d.switchTo().activeElement()).sendKeys(Key.ESCAPE);
    await waitForText(d, "signed-in-name", (t) => t === "Mette");
    await (await find(d, "switch-person")).click();
    await find(d, "profile-chooser");
    expect(await focusedText(d)).toContain("Louise Bach");
    await (await d.switchTo().activeElement()).sendKeys(Key.ENTER);
    await waitForText(d, "signed-in-name", (t) => t === "Louise Bach");
    await openProject(d, "Pjece om søvn");
    await choose(d, "next-phase", "preparation");
    await (await find(d, "change-phase")).click();
    await waitForText(d, "project-phase", (t) => t === "Forberedelse");
    const entries = await findAll(d, "timeline-entry");
    expect(entries).toHaveLength(2);
    expect(await entries[0]!.getText()).toContain("Idé → Forberedelse");
    expect(await entries[0]!.getText()).toContain("af Louise Bach");
  });
});
