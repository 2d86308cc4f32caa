import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { By, Key, type WebDriver } from "selenium-webdriver";
import { choose, closeApp, find, findAll, newDataDir, openApp, screenshot, startDriver, stopDriver, typeInto, waitForText } from "./harness";

let tauriDriver: ChildProcess | undefined;
let driver: WebDriver | undefined;
const dataDir = newDataDir();

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
    driver = await openApp(dataDir);
    const d = driver;
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
    if (process.env.SCREENSHOT_DIR) {
      await (await find(d, "nav-overview")).click();
      await find(d, "overview-year");
      await screenshot(join(process.env.SCREENSHOT_DIR, "overview.png"));
    }
  });
});
