import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { By, Key, error, type WebDriver } from "selenium-webdriver";
import { setTimeout as sleep } from "node:timers/promises";
import { closeApp, find, findAll, newDataDir, openApp, screenshot, startDriver, stopDriver, typeInto, waitForText } from "./harness";

/**
 * People's rights over their data (issue 12) through the real window: a Peer-board member
 * erased from the Peer-board screen, after a confirmation that names what will go.
 */
const SHOTS = process.env.SCREENSHOT_DIR;
let tauriDriver: ChildProcess | undefined;
let driver: WebDriver | undefined;
const dataDir = newDataDir();
const saveDir = mkdtempSync(join(tmpdir(), "samskab-e2e-save-"));

beforeAll(async () => {
  tauriDriver = await startDriver();
});
afterAll(async () => {
  await closeApp(driver, dataDir);
  stopDriver(tauriDriver);
});

/** Does `act` again while the screen is being drawn anew (stale elements), up to 2 s. */
async function steady<T>(act: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await act();
    } catch (err) {
      if (i > 20 || !(err instanceof error.StaleElementReferenceError)) throw err;
      await sleep(100);
    }
  }
}

describe("people's rights", () => {
  it("erases a member from the Peer-board screen, after a confirmation naming what goes", async () => {
    driver = await openApp(dataDir, ["--test-save-dir", saveDir]);
    const d = driver;
    await (await find(d, "nav-board")).click();
    for (const name of ["Birgitte Sandahl", "Carl Lund"]) {
      await typeInto(d, "member-name", name);
      await (await find(d, "add-member-submit")).click();
      await waitForText(d, "members", (t) => t.includes(name));
    }
    const first = (await findAll(d, "member-erase"))[0]!;
    expect(await first.getAttribute("aria-label")).toBe("Slet personoplysninger om Birgitte Sandahl");
    await first.click();
    const dialog = await waitForText(d, "erase-dialog", (t) => t.length > 0);
    expect(dialog).toContain("Slet personoplysninger om Birgitte Sandahl?");
    expect(dialog).toContain("Navn, initialer, e-mail, telefon og noter slettes");
    expect(dialog).toContain("Fremmøde, tal og Peer-boardets feedback bevares");
    if (SHOTS) await screenshot(join(SHOTS, "erase-member.png"));
    // Cancelled, nothing happens; confirmed, the member is erased.
    await (await find(d, "erase-dialog-cancel")).click();
    expect(await findAll(d, "erase-dialog")).toHaveLength(0);
    expect(await (await find(d, "members")).getText()).toContain("Birgitte Sandahl");
    await (await findAll(d, "member-erase"))[0]!.click();
    await (await find(d, "erase-dialog-confirm")).click();
    expect(await waitForText(d, "notice", (t) => t.startsWith("Personoplysningerne"), 20_000)).toBe(
      "Personoplysningerne om Birgitte Sandahl er slettet. Medlemmet hedder nu Tidligere medlem 1.",
    );
    const members = await waitForText(d, "members", (t) => t.includes("Tidligere medlem 1"));
    expect(members).not.toContain("Birgitte");
    expect(members).toContain("Carl Lund");
    // Nothing left to erase for the erased one.
    expect(await findAll(d, "member-erase")).toHaveLength(1);
  });

  it("erases a contributor and redacts their input from Indstillinger", async () => {
    const d = driver!;
    await (await find(d, "nav-projects")).click();
    await (await find(d, "new-project")).click();
    await typeInto(d, "input-title", "Nattevagter");
    await (await find(d, "save")).click();
    await waitForText(d, "project-title", (t) => t === "Nattevagter");
    await d.findElement(By.css("body")).sendKeys(Key.chord(Key.CONTROL, "i"));
    await find(d, "quick-capture");
    await typeInto(d, "capture-text", "Nattevagten var uforskammet over for min søster");
    await typeInto(d, "capture-contributor", "Pårørende K. Ravnsborg");
    await (await find(d, "capture-save")).click();
    await waitForText(d, "capture-count", (t) => t.startsWith("1 input"));
    await (await d.switchTo().activeElement()).sendKeys(Key.ESCAPE);
    await d.wait(async () => (await findAll(d, "quick-capture")).length === 0, 5_000);

    await (await find(d, "nav-settings")).click();
    // The access report first: what Samskab holds about them, saved as JSON.
    const access = await find(d, "access-report");
    await d.executeScript("arguments[0].scrollIntoView({ block: 'start' })", access);
    // No reference: the field is named.
    await (await find(d, "access-show")).click();
    expect(await waitForText(d, "access-error", (t) => t.length > 0)).toBe("Bidragyderreference skal udfyldes.");
    await typeInto(d, "access-reference", "Pårørende K. Ravnsborg");
    await (await find(d, "access-show")).click();
    const shown = await waitForText(d, "access-report-shown", (t) => t.length > 0, 15_000);
    expect(shown).toContain("Indsigt: oplysninger om bidragyder »Pårørende K. Ravnsborg«");
    expect(shown).toContain("Nattevagten var uforskammet over for min søster");
    if (SHOTS) await screenshot(join(SHOTS, "access-report.png"));
    await (await find(d, "access-save-json")).click();
    const saved = join(saveDir, "indsigt.json");
    await d.wait(async () => existsSync(saved), 10_000);
    const json = JSON.parse(readFileSync(saved, "utf8")) as { title: string; sections: { facts: { value: string }[] }[] };
    expect(json.title).toContain("Pårørende K. Ravnsborg");
    expect(json.sections.flatMap((s) => s.facts.map((f) => f.value))).toContain("Nattevagten var uforskammet over for min søster");

    const panel = await find(d, "erase-contributor");
    await d.executeScript("arguments[0].scrollIntoView({ block: 'start' })", panel);
    // A reference no input has is said plainly, and nothing changes.
    await typeInto(d, "erase-reference", "Ingen med det navn");
    await (await find(d, "erase-contributor-submit")).click();
    await (await find(d, "erase-contributor-dialog-confirm")).click();
    expect(await waitForText(d, "erase-contributor-error", (t) => t.length > 0, 15_000)).toContain("Ingen input har den bidragyderreference");
    // Found whatever its case; the text redacted with a reason.
    await typeInto(d, "erase-reference", "pårørende k. ravnsborg");
    await (await find(d, "erase-redact")).click();
    await typeInto(d, "erase-reason", "Bidragyderens ønske");
    await (await find(d, "erase-contributor-submit")).click();
    const dialog = await waitForText(d, "erase-contributor-dialog", (t) => t.length > 0);
    expect(dialog).toContain("[Fjernet efter anmodning: Bidragyderens ønske]");
    if (SHOTS) await screenshot(join(SHOTS, "erase-contributor.png"));
    await (await find(d, "erase-contributor-dialog-confirm")).click();
    expect(await waitForText(d, "notice", (t) => t.startsWith("Referencen"), 20_000)).toBe(
      "Referencen er slettet fra 1 input, og teksten er fjernet fra 1.",
    );
    await (await find(d, "nav-inputs")).click();
    await waitForText(d, "input-count", (t) => t === "1 input");
    const text = await waitForText(d, "input-text", (t) => t.length > 0);
    expect(text).toBe("[Fjernet efter anmodning: Bidragyderens ønske]");
    await typeInto(d, "input-filter-text", "uforskammet");
    await waitForText(d, "input-count", (t) => t === "0 input");
  });

  it("withdraws consent to quote: the report saved before is named, the next one leaves the quote out", async () => {
    const d = driver!;
    const quote = "Personalet lyttede endelig til os";
    await (await find(d, "nav-projects")).click();
    await (await find(d, "project-link")).click();
    await waitForText(d, "project-title", (t) => t === "Nattevagter");
    await d.findElement(By.css("body")).sendKeys(Key.chord(Key.CONTROL, "i"));
    await find(d, "quick-capture");
    await typeInto(d, "capture-text", quote);
    await (await find(d, "capture-quote")).click();
    await (await find(d, "capture-save")).click();
    await waitForText(d, "capture-count", (t) => t.startsWith("1 input"));
    await (await d.switchTo().activeElement()).sendKeys(Key.ESCAPE);
    await d.wait(async () => (await findAll(d, "quick-capture")).length === 0, 5_000);
    await (await find(d, "report-link")).click();
    expect(await waitForText(d, "we-asked-report", (t) => t.includes("I sagde"))).toContain(`»${quote}«`);
    await (await find(d, "report-save-html")).click();
    const saved = join(saveDir, "vi-spurgte.html");
    await d.wait(async () => existsSync(saved), 10_000);
    expect(readFileSync(saved, "utf8")).toContain(quote);

    await (await find(d, "nav-inputs")).click();
    await typeInto(d, "input-filter-text", "lyttede");
    await waitForText(d, "input-count", (t) => t === "1 input");
    await (await find(d, "input-withdraw")).click();
    expect(await waitForText(d, "withdraw-dialog", (t) => t.length > 0)).toContain(quote);
    await (await find(d, "withdraw-dialog-confirm")).click();
    const said = await waitForText(d, "withdrawn", (t) => t.length > 0, 15_000);
    expect(said).toContain("Samtykket er trukket tilbage");
    expect(said).toContain(saved);
    if (SHOTS) await screenshot(join(SHOTS, "consent-withdrawn.png"));
    await (await find(d, "nav-projects")).click();
    await (await find(d, "project-link")).click();
    await (await find(d, "report-link")).click();
    const again = await waitForText(d, "we-asked-report", (t) => t.includes("I sagde"));
    expect(again).not.toContain(quote);
  });

  it("sets the retention rules in Indstillinger: a rule switched off, a bad number named", async () => {
    const d = driver!;
    await (await find(d, "nav-settings")).click();
    const rules = await find(d, "retention-rules");
    await d.executeScript("arguments[0].scrollIntoView({ block: 'start' })", rules);
    expect(await steady(async () => (await find(d, "retention-contributor_months")).getAttribute("value"))).toBe("12");
    expect(await steady(async () => (await find(d, "retention-input_text_years")).getAttribute("value"))).toBe("5");
    await steady(async () => (await find(d, "retention-member_contact_months-on")).click());
    expect(await findAll(d, "retention-member_contact_months")).toHaveLength(0);
    await typeInto(d, "retention-input_text_years", "11");
    if (SHOTS) await screenshot(join(SHOTS, "retention-rules.png"));
    await (await find(d, "save-settings")).click();
    expect(await waitForText(d, "retention-rules", (t) => t.includes("uden for det tilladte område"), 10_000)).toContain("Tekst i input: år efter afslutning er uden for det tilladte område");
    await typeInto(d, "retention-input_text_years", "6");
    await (await find(d, "save-settings")).click();
    await waitForText(d, "notice", (t) => t === "Gemt.", 10_000);
    // Saved: the next visit shows the rule off and the new number.
    await (await find(d, "nav-overview")).click();
    await (await find(d, "nav-settings")).click();
    await find(d, "retention-rules");
    expect(await steady(async () => (await find(d, "retention-input_text_years")).getAttribute("value"))).toBe("6");
    expect(await findAll(d, "retention-member_contact_months")).toHaveLength(0);
  });

  it("shows and saves the record of processing (art. 30) as the settings are", async () => {
    const d = driver!;
    await (await find(d, "nav-settings")).click();
    const panel = await find(d, "processing");
    await d.executeScript("arguments[0].scrollIntoView({ block: 'start' })", panel);
    await (await find(d, "processing-show")).click();
    const doc = await waitForText(d, "processing-shown", (t) => t.length > 0, 15_000);
    expect(doc).toContain("Fortegnelse over behandlingsaktiviteter (art. 30): Samskab");
    expect(doc).toContain("Hver indgang gemmes i 24 måneder");
    expect(doc).toContain("Slettet indtil nu: 1 medlemmer og 1 input's bidragyderreferencer (1 tekster fjernet)");
    expect(doc).toContain(dataDir);
    if (SHOTS) await screenshot(join(SHOTS, "processing-record.png"));
    await (await find(d, "processing-save")).click();
    const saved = join(saveDir, "fortegnelse-art30.html");
    await d.wait(async () => existsSync(saved), 10_000);
    expect(readFileSync(saved, "utf8")).toContain("Fortegnelse over behandlingsaktiviteter");
  });
});
