import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { By, Key, type WebDriver } from "selenium-webdriver";
import { choose, closeApp, find, findAll, newDataDir, openApp, openProject, screenshot, startDriver, stopDriver, typeInto, waitForText } from "./harness";

let tauriDriver: ChildProcess | undefined;
let driver: WebDriver | undefined;
const dataDir = newDataDir();
/** Where the app saves files instead of through the native dialog (`--test-save-dir`). */
const saveDir = mkdtempSync(join(tmpdir(), "samskab-saved-"));

/** Waits for a file the app saves, and returns its text. */
async function savedFile(d: WebDriver, name: string): Promise<string> {
  const path = join(saveDir, name);
  await d.wait(async () => existsSync(path), 10_000, `${name} was never written`);
  await waitForText(d, "notice", (t) => t.includes(path));
  return readFileSync(path, "utf8");
}

beforeAll(async () => {
  tauriDriver = await startDriver();
});
afterAll(async () => {
  await closeApp(driver, dataDir);
  stopDriver(tauriDriver);
});

const inputs: { text: string; theme: string; quote: boolean }[] = [
  { text: "Ventetiden i telefonen var over en time", theme: "ventetid", quote: true },
  { text: "Pjecen brugte ord, jeg ikke kendte", theme: "sprog", quote: true },
  { text: "Jeg vidste ikke, hvornår jeg måtte besøge min far", theme: "besøg", quote: false },
  { text: "Der gik tre uger, før nogen ringede tilbage", theme: "ventetid", quote: false },
  { text: "Skriv kortere sætninger", theme: "sprog", quote: true },
  { text: "Vi ventede længe i skadestuen", theme: "ventetid", quote: true },
  { text: "Tolk burde tilbydes fra start", theme: "sprog", quote: false },
  { text: "Ventelisten blev aldrig forklaret", theme: "ventetid", quote: true },
  { text: "Besøgstiderne passer ikke med arbejde", theme: "besøg", quote: true },
  { text: "Ingen sagde, hvor længe vi skulle vente", theme: "ventetid", quote: true },
];

describe("input from patients and relatives through the real window", () => {
  it("captures ten inputs from the keyboard through the shortcut", async () => {
    driver = await openApp(dataDir, ["--test-save-dir", saveDir]);
    const d = driver;
    await (await find(d, "nav-projects")).click();
    await (await find(d, "new-project")).click();
    await typeInto(d, "input-title", "Velkomstpjece");
    await (await find(d, "save")).click();
    await waitForText(d, "project-title", (t) => t === "Velkomstpjece");

    await d.findElement(By.css("body")).sendKeys(Key.chord(Key.CONTROL, "i"));
    await find(d, "quick-capture");
    await choose(d, "capture-group", "relatives");
    await (await find(d, "capture-text")).click();
    for (const [n, input] of inputs.entries()) {
      const text = await d.switchTo().activeElement();
      expect(await text.getAttribute("data-testid")).toBe("capture-text");
      await text.sendKeys(input.text, Key.TAB);
      const themes = await d.switchTo().activeElement();
      await themes.sendKeys(Key.chord(Key.CONTROL, "a"), Key.BACK_SPACE);
      await themes.sendKeys(input.theme, Key.TAB);
      if (input.quote) await (await d.switchTo().activeElement()).sendKeys(Key.SPACE);
      await (await d.switchTo().activeElement()).sendKeys(Key.chord(Key.CONTROL, Key.ENTER));
      await waitForText(d, "capture-count", (t) => t.startsWith(`${n + 1} input`));
    }
    if (process.env.SCREENSHOT_DIR) await screenshot(join(process.env.SCREENSHOT_DIR, "quick-capture.png"));
    await (await d.switchTo().activeElement()).sendKeys(Key.ESCAPE);
    await d.wait(async () => (await findAll(d, "quick-capture")).length === 0, 5_000);
  });

  it("filters the input by theme and status and answers it", async () => {
    const d = driver!;
    await (await find(d, "nav-inputs")).click();
    await waitForText(d, "input-count", (t) => t === "10 input");
    await choose(d, "input-filter-theme", "ventetid");
    await waitForText(d, "input-count", (t) => t === "5 input");
    await choose(d, "input-filter-status", "awaiting");
    await waitForText(d, "input-count", (t) => t === "5 input");
    const statuses = ["adopted", "partly_adopted", "not_adopted", "adopted", "not_relevant"];
    for (const [k, status] of statuses.entries()) {
      await (await findAll(d, "input-answer"))[0]!.click();
      await choose(d, "answer-status", status);
      await typeInto(d, "answer-by", "Mette Kjær");
      await typeInto(d, "answer-text", status === "not_adopted" ? "" : "Vi ringer nu tilbage samme dag");
      if (status === "not_adopted") await typeInto(d, "answer-reason", "Telefontiden er fastlagt af regionen");
      await (await find(d, "answer-save")).click();
      // Answered, it leaves the list of those awaiting an answer.
      await waitForText(d, "input-count", (t) => t === `${4 - k} input`);
    }
    await choose(d, "input-filter-status", "answered");
    await waitForText(d, "input-count", (t) => t === "5 input");
    // Report the five answers back by newsletter.
    for (const box of await findAll(d, "input-select")) await box.click();
    await choose(d, "report-channel", "newsletter");
    await (await find(d, "report-selected")).click();
    await waitForText(d, "input-count", (t) => t === "0 input");
    await choose(d, "input-filter-status", "reported_back");
    await waitForText(d, "input-count", (t) => t === "5 input");
    expect(await (await find(d, "input-list")).getText()).toContain("Meldt tilbage");
  });

  it("produces 'Vi spurgte — I sagde — vi gjorde' with quotes only where allowed", async () => {
    const d = driver!;
    await (await find(d, "nav-projects")).click();
    await (await find(d, "project-link")).click();
    await (await find(d, "report-link")).click();
    const report = await waitForText(d, "we-asked-report", (t) => t.includes("I sagde"));
    expect(await (await find(d, "report-summary")).getText()).toBe("10 input i alt, 5 besvaret, 3 taget helt eller delvist til efterretning.");
    for (const i of inputs) {
      if (i.quote) expect(report).toContain(`»${i.text}«`);
      else expect(report).not.toContain(i.text);
    }
    expect(report).toContain("En pårørende gav input (ikke citeret)");
    expect(report).toContain("Vi gjorde: Ikke taget til efterretning");
  });
});

describe("the overview", () => {
  it("shows figures that match the data entered, each opening the list behind it", async () => {
    const d = driver!;
    await (await find(d, "nav-overview")).click();
    await waitForText(d, "phase-idea", (t) => t === "1");
    expect(await (await find(d, "figure-awaiting")).getText()).toBe("5");
    expect(await (await find(d, "figure-overdue")).getText()).toBe("0");
    expect(await (await find(d, "figure-unreported")).getText()).toBe("0");
    expect(await (await find(d, "year-inputs")).getText()).toBe("10");
    expect(await (await find(d, "year-share-answered")).getText()).toBe("50 %");
    expect(await (await find(d, "year-share-adopted")).getText()).toBe("60 %");
    await (await find(d, "figure-awaiting")).click();
    await waitForText(d, "input-count", (t) => t === "5 input");
    await (await find(d, "nav-overview")).click();
    await (await find(d, "phase-idea")).click();
    await waitForText(d, "project-count", (t) => t === "1 projekt");
    // The year's figures open the year's input, narrowed as the figure is.
    for (const [figure, count] of [["year-inputs", 10], ["year-share-answered", 5], ["year-share-adopted", 3], ["year-source-relatives", 10], ["year-source-board", 0]] as const) {
      await (await find(d, "nav-overview")).click();
      await (await find(d, figure)).click();
      await waitForText(d, "input-count", (t) => t === `${count} input`);
      expect(await (await find(d, "input-filter-from")).getAttribute("value")).toBe(`01-01-${new Date().getFullYear()}`);
    }
    if (process.env.SCREENSHOT_DIR) {
      await (await find(d, "nav-overview")).click();
      await find(d, "overview-year");
      await screenshot(join(process.env.SCREENSHOT_DIR, "overview.png"));
    }
  });

  it("draws each chart with the table behind it", async () => {
    const d = driver!;
    await (await find(d, "nav-overview")).click();
    for (const chart of ["phase-chart", "source-chart"]) {
      const figure = await find(d, chart);
      const canvas = await figure.findElement(By.css("canvas"));
      expect(Number(await canvas.getAttribute("width"))).toBeGreaterThan(100);
      expect(await figure.findElement(By.css("[role=img]")).getAttribute("aria-label")).not.toBe("");
      expect(await figure.findElement(By.css("table")).getText()).toContain("Tallene bag diagrammet");
    }
    expect(await (await find(d, "source-chart")).getText()).toMatch(/Pårørende\s*10/);
  });

  it("writes an export file that reads back equal to the data", async () => {
    const d = driver!;
    await (await find(d, "nav-overview")).click();
    await choose(d, "export-kind", "inputs");
    await choose(d, "export-format", "csv");
    await (await find(d, "export-button")).click();
    const csv = await savedFile(d, "samskab-inputs.csv");
    expect(csv.charCodeAt(0)).toBe(0xfeff); // UTF-8 with BOM
    const rows = csv.slice(1).trimEnd().split(/\r?\n/).map((line) => line.split(";"));
    expect(rows[0]!.slice(0, 5)).toEqual(["projekt", "dato", "kilde", "kanal", "tekst"]);
    expect(rows).toHaveLength(1 + inputs.length);
    expect(rows.slice(1).map((r) => r[4]).sort()).toEqual(inputs.map((i) => i.text).sort());
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(new Set(["Velkomstpjece"]));
    expect(rows.slice(1).filter((r) => r[7] === "reported_back")).toHaveLength(5);
    expect(rows[0]).not.toContain("reference til personen");
  });

  it("shows this year's report and saves it as HTML", async () => {
    const d = driver!;
    await (await find(d, "nav-overview")).click();
    await (await find(d, "open-year-report")).click();
    await waitForText(d, "yr-inputs", (t) => t === "10");
    expect(await (await find(d, "yr-participants")).getText()).toMatch(/Patienter\s*0/);
    const started = await (await find(d, "yr-started")).getText();
    expect(started).toContain("Velkomstpjece");
    const changed = (await Promise.all((await findAll(d, "yr-changed")).map((c) => c.getText()))).join("\n");
    expect(changed).toContain("Velkomstpjece (3)");
    for (const i of inputs) if (!i.quote) expect(changed).not.toContain(i.text);
    if (process.env.SCREENSHOT_DIR) await screenshot(join(process.env.SCREENSHOT_DIR, "year-report.png"));
    await (await find(d, "year-save-html")).click();
    const html = await savedFile(d, `aarsrapport-${new Date().getFullYear()}.html`);
    expect(html).toContain(`<h1>Årsrapport ${new Date().getFullYear()}</h1>`);
    expect(html).toContain("<h3>Velkomstpjece (3)</h3>");
    for (const i of inputs) if (!i.quote) expect(html).not.toContain(i.text);
    // Another year has nothing of this.
    await (await find(d, "year-prev")).click();
    await waitForText(d, "yr-inputs", (t) => t === "0");
  });

  it("drafts the GRIPP2 short form, keeps the edits and saves them escaped", async () => {
    const d = driver!;
    await (await find(d, "nav-projects")).click();
    await (await find(d, "project-link")).click();
    await (await find(d, "gripp2-link")).click();
    const aim = await find(d, "gripp2-aim");
    expect(await aim.getAttribute("value")).toContain("»Velkomstpjece«");
    expect(await (await find(d, "gripp2-results")).getAttribute("value")).toContain("Der kom 10 punkter");
    const reflections = await find(d, "gripp2-reflections");
    await reflections.click();
    await reflections.sendKeys(Key.chord(Key.CONTROL, Key.END)); // Ctrl is held until the call ends
    await reflections.sendKeys(" <b>fed</b> Vi lærte at spørge tidligere.");
    await find(d, "gripp2-edited");
    // Leave and come back: the edited text is still there.
    await (await find(d, "nav-overview")).click();
    await find(d, "overview-phases");
    await d.navigate().back();
    await d.wait(async () => ((await (await find(d, "gripp2-reflections")).getAttribute("value")) ?? "").includes("Vi lærte at spørge tidligere."), 10_000);
    await (await find(d, "gripp2-save-html")).click();
    const html = await savedFile(d, "gripp2.html");
    expect(html).toContain("&lt;b&gt;fed&lt;/b&gt; Vi lærte at spørge tidligere.");
    expect(html).toContain("<h2>3. Resultater</h2>");
  });
});

describe("the demo's overview, year report and GRIPP2 draft", () => {
  it("show the demo's board, activities and answers", async () => {
    await closeApp(driver, dataDir);
    driver = undefined;
    const dir = newDataDir();
    let d: WebDriver | undefined;
    try {
      d = await openApp(dir, ["--demo"]);
      await find(d, "phase-chart");
      await waitForText(d, "year-meetings", (t) => Number(t) >= 0);
      if (process.env.SCREENSHOT_DIR) await screenshot(join(process.env.SCREENSHOT_DIR, "demo-overview.png"));
      await (await find(d, "open-year-report")).click();
      await (await find(d, "year-personal")).click();
      await find(d, "yr-people");
      expect(Number(await (await find(d, "yr-active")).getText())).toBe(5);
      const people = await (await find(d, "yr-people")).getText();
      expect(people).toContain("Anne Holm");
      if (process.env.SCREENSHOT_DIR) {
        await screenshot(join(process.env.SCREENSHOT_DIR, "demo-year-report.png"));
        await d.executeScript("document.querySelector('[data-testid=yr-members]').scrollIntoView()");
        await screenshot(join(process.env.SCREENSHOT_DIR, "demo-year-report-members.png"));
      }
      // Names are shown only when asked for.
      await (await find(d, "year-personal")).click();
      await d.wait(async () => (await findAll(d!, "yr-people")).length === 0, 10_000);
      expect(await (await find(d, "year-report")).getText()).not.toContain("Anne Holm");
      await openProject(d, "Ny velkomstpjece til Afsnit for Psykoser");
      await (await find(d, "gripp2-link")).click();
      expect(await (await find(d, "gripp2-methods")).getAttribute("value")).toContain("Sparring med Peer-boardet");
      if (process.env.SCREENSHOT_DIR) await screenshot(join(process.env.SCREENSHOT_DIR, "demo-gripp2.png"));
    } finally {
      await closeApp(d, dir);
    }
  });
});

describe("a long export", () => {
  it("shows its progress and can be cancelled, leaving no file", async () => {
    await closeApp(driver, dataDir);
    driver = undefined;
    const dir = newDataDir();
    const slowSaves = mkdtempSync(join(tmpdir(), "samskab-saved-"));
    let d: WebDriver | undefined;
    try {
      // Demo data, and each step of a job held back 1.5 s so the bar can be seen and used.
      d = await openApp(dir, ["--demo", "--test-save-dir", slowSaves, "--test-job-step-ms", "1500"]);
      await find(d, "overview-phases");
      await choose(d, "export-kind", "consultations");
      await (await find(d, "export-button")).click();
      const bar = await find(d, "job");
      expect(await bar.getText()).toContain("Eksporterer");
      await d.wait(async () => Number(await (await bar.findElement(By.css("progress"))).getAttribute("value")) > 0, 10_000);
      await (await find(d, "job-cancel")).click();
      await waitForText(d, "notice", (t) => t === "Annulleret. Der er ikke gemt noget.");
      expect(await findAll(d, "job")).toHaveLength(0);
      expect(existsSync(join(slowSaves, "samskab-consultations.xlsx"))).toBe(false);
    } finally {
      await closeApp(d, dir);
    }
  });
});
