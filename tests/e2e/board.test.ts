import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { Key, type WebDriver } from "selenium-webdriver";
import { choose, closeApp, find, findAll, killApp, newDataDir, openApp, openProject, screenshot, startDriver, stopDriver, typeInto, waitForText } from "./harness";

let tauriDriver: ChildProcess | undefined;
let driver: WebDriver | undefined;
const dataDir = newDataDir();

/** A day relative to today, as typed in the forms: dd-mm-yyyy. */
function day(offset: number): string {
  const d = new Date(Date.now() + offset * 86_400_000);
  return `${String(d.getDate()).padStart(2, "0")}-${String(d.getMonth() + 1).padStart(2, "0")}-${d.getFullYear()}`;
}

beforeAll(async () => {
  tauriDriver = await startDriver();
});
afterAll(async () => {
  await closeApp(driver, dataDir);
  stopDriver(tauriDriver);
});

async function clickTestId(d: WebDriver, id: string) {
  await (await find(d, id)).click();
}

async function createProjectWithConsultation(d: WebDriver, title: string, questions: string) {
  await clickTestId(d, "nav-projects");
  await clickTestId(d, "new-project");
  await typeInto(d, "input-title", title);
  await typeInto(d, "input-contact", "Mette Kjær");
  await clickTestId(d, "save");
  await waitForText(d, "project-title", (t) => t === title);
  await typeInto(d, "consultation-questions", questions);
  await clickTestId(d, "request-consultation-submit");
  await waitForText(d, "consultation-status", (t) => t === "Venter på møde");
}


async function planMeeting(d: WebDriver, date: string) {
  await clickTestId(d, "nav-board");
  await typeInto(d, "meeting-date", date);
  await typeInto(d, "meeting-time", "16:30");
  await typeInto(d, "meeting-place", "Mødelokale 2, Aalborg");
  await clickTestId(d, "plan-meeting-submit");
  await find(d, "meeting-title");
}

async function agendaTitles(d: WebDriver): Promise<string[]> {
  const items = await findAll(d, "agenda-title");
  return Promise.all(items.map((i) => i.getText()));
}

describe("the Peer-board loop through the real window", () => {
  it("plans a meeting with two projects on its agenda and records attendance", async () => {
    driver = await openApp(dataDir);
    const d = driver;
    await createProjectWithConsultation(d, "Velkomstpjece", "Er pjecen til at forstå?");
    await createProjectWithConsultation(d, "Samtale før udskrivelse", "Hvornår skal samtalen ligge?");

    await clickTestId(d, "nav-board");
    for (const name of ["Anne Holm", "Bo Ravn"]) {
      await typeInto(d, "member-name", name);
      await clickTestId(d, "add-member-submit");
      await driver.wait(async () => (await findAll(d, "member")).length > 0 && (await (await find(d, "members")).getText()).includes(name), 10_000);
    }
    // Correct a member's name.
    await (await findAll(d, "member-edit"))[1]!.click();
    await typeInto(d, "edit-member-name", "Bo Ravnsbæk");
    await clickTestId(d, "member-save");
    await waitForText(d, "members", (t) => t.includes("Bo Ravnsbæk"));
    await planMeeting(d, day(0));
    for (const title of ["Velkomstpjece", "Samtale før udskrivelse"]) {
      await choose(d, "add-consultation", await optionValue(d, title));
      await clickTestId(d, "add-consultation-submit");
      await driver.wait(async () => (await agendaTitles(d)).includes(title), 10_000);
    }
    expect(await agendaTitles(d)).toEqual(["Velkomstpjece", "Samtale før udskrivelse"]);
    // Reorder with the keyboard: focus the second item's "move up" and press Enter.
    const up = (await findAll(d, "move-up"))[1]!;
    await up.sendKeys(Key.ENTER);
    await driver.wait(async () => (await agendaTitles(d))[0] === "Samtale før udskrivelse", 10_000);

    for (const box of await findAll(d, "attendance-member")) await box.click();
    await clickTestId(d, "save-attendance");
    await waitForText(d, "notice", (t) => t === "Gemt.");
    expect(await Promise.all((await findAll(d, "attendance-member")).map((b) => b.isSelected()))).toEqual([true, true]);
    expect(await (await find(d, "attendance")).getText()).toContain("Bo Ravnsbæk");
  });

  it("records five feedback points from the keyboard alone", async () => {
    const d = driver!;
    await (await findAll(d, "record-feedback"))[0]!.click();
    await find(d, "feedback-text");
    const points: [string, string][] = [
      ["Samtalen skal ligge mindst en uge før udskrivelse", "tidspunkt"],
      ["Pårørende skal selv kunne bede om samtalen", "pårørende"],
      ["Tilbyd samtalen som video", "form"],
      ["Giv en skriftlig opsummering bagefter", "form"],
      ["Spørg patienten, hvem der skal med", "pårørende"],
    ];
    for (const [n, [text, theme]] of points.entries()) {
      // Only keys: the text field has the focus; Tab goes to themes; Enter saves.
      const active = await d.switchTo().activeElement();
      expect(await active.getAttribute("data-testid")).toBe("feedback-text");
      await active.sendKeys(text, Key.TAB);
      const themes = await d.switchTo().activeElement();
      // Ctrl+A, Backspace clears what the last point's themes were; then the new theme and
      // Enter. (Separate calls: WebKitWebDriver keeps Ctrl held until the call ends.)
      await themes.sendKeys(Key.chord(Key.CONTROL, "a"), Key.BACK_SPACE);
      await themes.sendKeys(theme, Key.ENTER);
      await waitForText(d, "feedback-count", (t) => t === `${n + 1} ${n === 0 ? "punkt" : "punkter"}`);
    }
    const saved = await Promise.all((await findAll(d, "saved-point")).map((p) => p.getText()));
    expect(saved[0]).toContain("Samtalen skal ligge mindst en uge før udskrivelse");
    expect(saved.every((s) => s.includes("Gemt"))).toBe(true);
    if (process.env.SCREENSHOT_DIR) await screenshot(join(process.env.SCREENSHOT_DIR, "feedback-entry.png"));
  });

  it("answers the points on the project page, one not adopted with a reason", async () => {
    const d = driver!;
    await d.navigate().back();
    await find(d, "mark-held");
    if (process.env.SCREENSHOT_DIR) await screenshot(join(process.env.SCREENSHOT_DIR, "meeting.png"));
    await clickTestId(d, "mark-held");
    await waitForText(d, "meeting-status", (t) => t === "Afholdt");
    await openProject(d, "Samtale før udskrivelse");
    const statuses = ["adopted", "partly_adopted", "not_adopted", "not_relevant", "adopted"];
    for (const status of statuses) {
      await (await findAll(d, "answer-open"))[0]!.click();
      await choose(d, "answer-status", status);
      await typeInto(d, "answer-text", `Svar: ${status}`);
      await clickTestId(d, "answer-save");
      if (status === "not_adopted") {
        await waitForText(d, "answer-form", (t) => t.includes("Begrundelse skal udfyldes."));
        await typeInto(d, "answer-reason", "Udskrivelsen planlægges ofte med kort varsel");
        await clickTestId(d, "answer-save");
      }
      await d.wait(async () => (await findAll(d, "answer-form")).length === 0, 10_000);
    }
    await d.wait(async () => (await findAll(d, "point-answer")).length === 5, 10_000);
    await waitForText(d, "consultation-status", (t) => t === "Besvaret");
  });

  it("reports the answers back at the next meeting", async () => {
    const d = driver!;
    await planMeeting(d, day(14));
    // A wrong time is refused with a Danish message on its field; a right one is saved.
    await clickTestId(d, "edit-meeting");
    await typeInto(d, "meeting-edit-time", "25:00");
    await clickTestId(d, "meeting-edit-save");
    await waitForText(d, "error-md-time", (t) => t === "Tidspunkt skal være et klokkeslæt, fx 16:30.");
    await typeInto(d, "meeting-edit-time", "17:15");
    await clickTestId(d, "meeting-edit-save");
    await waitForText(d, "meeting-subtitle", (t) => t.startsWith("kl. 17:15"));
    const candidates = await findAll(d, "report-candidate");
    expect(candidates).toHaveLength(5);
    for (const c of candidates) await c.click();
    await clickTestId(d, "add-report-back");
    await d.wait(async () => (await findAll(d, "meeting-report-item")).length === 5, 10_000);
    await clickTestId(d, "mark-all-reported");
    await d.wait(async () => (await findAll(d, "mark-reported")).length === 0, 10_000);
    await clickTestId(d, "nav-board");
    await waitForText(d, "report-back-list", (t) => t === "");
  });

  it("shows the whole loop on the project page, also after a restart", async () => {
    const check = async (d: WebDriver) => {
      await openProject(d, "Samtale før udskrivelse");
      await waitForText(d, "consultation-status", (t) => t === "Meldt tilbage");
      const points = await findAll(d, "point");
      expect(points).toHaveLength(5);
      for (const p of points) {
        const text = await p.getText();
        expect(text).toMatch(/Givet på mødet/);
        expect(text).toMatch(/Mette Kjær/);
        expect(text).toMatch(/Meldt tilbage på mødet/);
      }
      const all = (await Promise.all(points.map((p) => p.getText()))).join("\n");
      expect(all).toContain("Ikke taget til efterretning – Mette Kjær");
      expect(all).toContain("Udskrivelsen planlægges ofte med kort varsel");
    };
    await check(driver!);
    await closeApp(driver, dataDir);
    driver = await openApp(dataDir);
    await check(driver);
    await clickTestId(driver, "compiled-link");
    const compiled = await waitForText(driver, "compiled", (t) => t.includes("pårørende"));
    expect(compiled).toContain("Hvornår skal samtalen ligge?");
    const themes = await Promise.all((await findAll(driver, "compiled-theme")).map((t) => t.getText()));
    expect(themes).toEqual(["form", "pårørende", "tidspunkt"]);
  });
});

describe("feedback entry survives a crash", () => {
  it("keeps every point the screen showed as saved when the app is killed, three times over", async () => {
    const shown: string[] = [];
    for (let round = 1; round <= 3; round++) {
      const d = driver!;
      // Velkomstpjece's consultation is on the held meeting: record more feedback there.
      await clickTestId(d, "nav-board");
      await clickTestId(d, "past-meeting-link");
      await find(d, "agenda");
      await (await findAll(d, "record-feedback"))[1]!.click();
      const before = Number((await waitForText(d, "feedback-count", (t) => /^\d+ /.test(t))).split(" ")[0]);
      const count = 3 + Math.floor(Math.random() * 5);
      for (let n = 1; n <= count; n++) {
        const text = `Runde ${round}, punkt ${n}`;
        await (await d.switchTo().activeElement()).sendKeys(text, Key.ENTER);
        if (n < count) {
          // Shown as saved: counted and listed with its check mark.
          await waitForText(d, "feedback-count", (t) => t.startsWith(`${before + n} `));
          shown.push(text);
        }
      }
      // The last Enter may still be in flight: kill the app now, without warning.
      killApp(dataDir);
      await closeApp(driver, dataDir);
      driver = await openApp(dataDir);
      await openProject(driver, "Velkomstpjece");
      await driver.wait(async () => (await findAll(driver!, "point")).length >= shown.length, 10_000);
      const texts = await Promise.all((await findAll(driver, "point-text")).map((p) => p.getText()));
      for (const t of shown) expect(texts, `round ${round}`).toContain(t);
    }
  });
});

async function optionValue(d: WebDriver, label: string): Promise<string> {
  for (const o of await (await find(d, "add-consultation")).findElements({ css: "option" })) {
    if ((await o.getText()) === label) return (await o.getAttribute("value")) ?? "";
  }
  throw new Error(`no option ${label}`);
}
