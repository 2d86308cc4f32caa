import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WebDriver } from "selenium-webdriver";
import { closeApp, find, findAll, newDataDir, openApp, screenshot, startDriver, stopDriver, typeInto, waitForText } from "./harness";

/**
 * Honoraria and expenses (issue 13) through the real window: the rates set in
 * Indstillinger, attendance marked at a meeting, the payout draft showing the lines, the
 * list approved, saved as CSV and read back, and marked as sent.
 */
const SHOTS = process.env.SCREENSHOT_DIR;
let tauriDriver: ChildProcess | undefined;
let driver: WebDriver | undefined;
const dataDir = newDataDir();
const saveDir = mkdtempSync(join(tmpdir(), "samskab-e2e-save-"));

const pad = (n: number) => String(n).padStart(2, "0");
const now = new Date();
const today = `${pad(now.getDate())}-${pad(now.getMonth() + 1)}-${now.getFullYear()}`;
const month = `${now.getFullYear()}-${pad(now.getMonth() + 1)}`;
const lastDay = pad(new Date(now.getFullYear(), now.getMonth() + 1, 0).getDate());

beforeAll(async () => {
  tauriDriver = await startDriver();
});
afterAll(async () => {
  await closeApp(driver, dataDir);
  stopDriver(tauriDriver);
});

async function click(d: WebDriver, testId: string) {
  await (await find(d, testId)).click();
}

describe("honoraria and expenses", () => {
  it("sets the rates in Indstillinger, a bad amount named by its field and row", async () => {
    driver = await openApp(dataDir, ["--test-save-dir", saveDir]);
    const d = driver;
    await click(d, "nav-settings");
    await click(d, "rate-add");
    await typeInto(d, "rate-from", "01-01-2026");
    await typeInto(d, "rate-meeting", "350");
    await typeInto(d, "rate-workshop", "700");
    await typeInto(d, "rate-teaching", "900");
    await typeInto(d, "rate-km", "tre kroner");
    await click(d, "rates-save");
    expect(await waitForText(d, "error-rate-km", (t) => t.length > 0)).toBe("Kørsel pr. km (række 1) har ikke den rigtige form.");
    const focused = await d.switchTo().activeElement();
    expect(await focused.getAttribute("data-testid")).toBe("rate-km");
    await typeInto(d, "rate-km", "3,79");
    await click(d, "rates-save");
    await waitForText(d, "notice", (t) => t === "Satserne er gemt.");
    expect(await (await find(d, "rate-meeting")).getAttribute("value")).toBe("350,00");
  });

  it("makes draft lines from the attendance at a meeting held", async () => {
    const d = driver!;
    await click(d, "nav-board");
    for (const name of ["Anne Holm", "Bo Ravn"]) {
      await typeInto(d, "member-name", name);
      await click(d, "add-member-submit");
      await waitForText(d, "members", (t) => t.includes(name));
    }
    await typeInto(d, "meeting-date", today);
    await typeInto(d, "meeting-time", "16:30");
    await typeInto(d, "meeting-place", "Mødelokale 2");
    await click(d, "plan-meeting-submit");
    await find(d, "meeting-title");
    for (const box of await findAll(d, "attendance-member")) await box.click();
    await click(d, "save-attendance");
    await waitForText(d, "notice", (t) => t === "Gemt.");
    await click(d, "mark-held");
    await waitForText(d, "meeting-status", (t) => t === "Afholdt");

    await click(d, "nav-payouts");
    expect(await waitForText(d, "payout-draft-total", (t) => t.length > 0)).toBe("700,00");
    const members = await Promise.all((await findAll(d, "payout-member")).map((e) => e.getText()));
    expect(members).toEqual(["Anne Holm (AH)", "Bo Ravn (BR)"]);

    // A trip for Anne: 37,5 km at 3,79 kr is 142,13 kr (142,125 rounded half up).
    const anne = await find(d, "claim-member");
    const options = await anne.findElements({ css: "option" });
    for (const o of options) if ((await o.getText()) === "Anne Holm") await o.click();
    await typeInto(d, "claim-km", "37,5");
    await click(d, "claim-save");
    await waitForText(d, "notice", (t) => t === "Registreret.");
    expect(await waitForText(d, "payout-draft-total", (t) => t === "842,13")).toBe("842,13");
    const amounts = await Promise.all((await findAll(d, "payout-line-amount")).map((e) => e.getText()));
    expect(amounts).toEqual(["350,00", "142,13", "350,00"]);
    if (SHOTS) await screenshot(join(SHOTS, "payout-draft.png"));
  });

  it("approves the list, saves it as CSV that reads back, and locks it when sent", async () => {
    const d = driver!;
    await click(d, "payout-approve");
    await waitForText(d, "notice", (t) => t.startsWith("Listen er godkendt"));
    expect(await waitForText(d, "payout-list-status", (t) => t.length > 0)).toBe("Godkendt");
    expect(await (await find(d, "payout-list-total")).getText()).toBe("842,13");
    // Everything of the period is on the list: the draft is empty and overlaps it.
    await waitForText(d, "payout-draft-empty", (t) => t.length > 0);
    await find(d, "payout-overlaps");

    await click(d, "payout-list-csv");
    const file = `udbetaling-${month}-01-${month}-${lastDay}.csv`;
    await waitForText(d, "notice", (t) => t.includes(file));
    const csv = readFileSync(join(saveDir, file), "utf8").replace(/^\uFEFF/, "");
    const rows = csv.trim().split(/\r?\n/).map((r) => r.split(";"));
    expect(rows[0]).toEqual(["medlem", "initialer", "dato", "art", "rettelse", "note", "antal", "sats (kr)", "beløb (kr)"]);
    expect(csv.toLowerCase()).not.toContain("cpr");
    const anne = rows.filter((r) => r[0] === "Anne Holm").map((r) => [r[3], r[6], r[7], r[8]]);
    expect(anne).toEqual([
      ["Møde i Peer-boardet", "1", "350,00", "350,00"],
      ["Kørsel", "37,5 km", "3,79", "142,13"],
    ]);
    expect(rows.find((r) => r[0] === "I alt Anne Holm")?.[8]).toBe("492,13");
    expect(rows.find((r) => r[0] === "I alt Bo Ravn")?.[8]).toBe("350,00");
    expect(rows.at(-1)?.[0]).toBe("I alt");
    expect(rows.at(-1)?.[8]).toBe("842,13");

    await click(d, "payout-list-sent");
    await click(d, "payout-sent-dialog-confirm");
    await waitForText(d, "notice", (t) => t.startsWith("Listen er markeret som sendt"));
    expect(await waitForText(d, "payout-list-status", (t) => t !== "Godkendt")).toBe("Sendt, låst");
    // Locked: no more "mark as sent" or "withdraw".
    expect(await findAll(d, "payout-list-sent")).toHaveLength(0);
    expect(await findAll(d, "payout-list-withdraw")).toHaveLength(0);
    const year = await Promise.all((await findAll(d, "payout-year-row")).map((e) => e.getText()));
    expect(year[0]).toContain("Anne Holm");
    expect(year[0]).toContain("492,13");
    if (SHOTS) await screenshot(join(SHOTS, "payout-lists.png"));
  });
});
