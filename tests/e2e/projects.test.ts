import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { By, Key, type WebDriver } from "selenium-webdriver";
import { choose, closeApp, find, findAll, newDataDir, openApp, startDriver, stopDriver, typeInto, waitForText, screenshot } from "./harness";

const XSS = "<img src=x onerror=alert(1)>";
let tauriDriver: ChildProcess | undefined;
let driver: WebDriver | undefined;
const dataDir = newDataDir();

beforeAll(async () => {
  tauriDriver = await startDriver();
});

afterAll(() => stopDriver(tauriDriver));

async function rowTitles(d: WebDriver): Promise<string[]> {
  const links = await findAll(d, "project-link");
  return Promise.all(links.map((l) => l.getText()));
}

async function goToList(d: WebDriver) {
  await (await find(d, "nav-projects")).click();
  await find(d, "project-count");
}

describe("projects through the real window", () => {
  afterAll(() => closeApp(driver, dataDir));

  it("rejects an empty title with a Danish message and saves nothing", async () => {
    driver = await openApp(dataDir);
    // The manager's overview is the first screen.
    await find(driver, "overview-phases");
    expect(await (await find(driver, "nav-overview")).getAttribute("aria-current")).toBe("page");
    await goToList(driver);
    await waitForText(driver, "project-count", (t) => t === "0 projekter");
    // Keyboard: N opens the new-project form from the list.
    await driver.findElement(By.css("body")).sendKeys("n");
    await find(driver, "project-form");
    await (await find(driver, "save")).click();
    await waitForText(driver, "error-f-title", (t) => t === "Titel skal udfyldes.");
    expect(await (await find(driver, "form-error")).getText()).toContain("Projektet er ikke gemt");
    // The title field has the focus, so the person can type straight away.
    const focused = await driver.switchTo().activeElement();
    expect(await focused.getAttribute("data-testid")).toBe("input-title");
    await goToList(driver);
    await waitForText(driver, "project-count", (t) => t === "0 projekter");
  });

  it("creates a project through the form and shows it in the list", async () => {
    const d = driver!;
    await (await find(d, "new-project")).click();
    await typeInto(d, "input-title", "Velkomstpjece til P3");
    await typeInto(d, "input-summary", "Pjecen skal svare på det, patienter spørger om den første dag.");
    await choose(d, "input-kind", "information_material");
    await choose(d, "input-phase", "preparation");
    await choose(d, "input-level", "involve");
    await (await find(d, "input-group-patients")).click();
    await typeInto(d, "input-unit", "Afsnit P3, Psykoser");
    await typeInto(d, "input-start", "01-09-2026");
    await typeInto(d, "input-deadline", "15-12-2026");
    await typeInto(d, "input-tags", "pjece, indlæggelse");
    await (await find(d, "save")).click();
    await waitForText(d, "project-title", (t) => t === "Velkomstpjece til P3");
    expect(await (await find(d, "project-phase")).getText()).toBe("Forberedelse");
    expect(await (await find(d, "project-deadline")).getText()).toBe("15. dec. 2026");
    expect(await findAll(d, "timeline-entry")).toHaveLength(1);
    await goToList(d);
    expect(await rowTitles(d)).toEqual(["Velkomstpjece til P3"]);
  });

  it("edits the project and records a phase change on the timeline", async () => {
    const d = driver!;
    await (await find(d, "project-link")).click();
    await (await find(d, "edit-project")).click();
    await waitForText(d, "input-title", () => true);
    await typeInto(d, "input-title", "Velkomstpjece til Afsnit P3");
    await (await find(d, "save")).click();
    await waitForText(d, "project-title", (t) => t === "Velkomstpjece til Afsnit P3");

    await choose(d, "next-phase", "involvement");
    await (await find(d, "change-phase")).click();
    await waitForText(d, "project-phase", (t) => t === "Inddragelse");
    const entries = await findAll(d, "timeline-entry");
    expect(entries).toHaveLength(2);
    expect(await entries[0]!.getText()).toContain("Forberedelse → Inddragelse");
    expect(await entries[1]!.getText()).toContain("Oprettet i fasen Forberedelse");
  });

  it("shows a title with markup as plain text", async () => {
    const d = driver!;
    await goToList(d);
    await (await find(d, "new-project")).click();
    await typeInto(d, "input-title", XSS);
    await choose(d, "input-kind", "workflow");
    await (await find(d, "save")).click();
    await waitForText(d, "project-title", (t) => t === XSS);
    expect(await d.findElements(By.css("[data-testid=project-title] img"))).toHaveLength(0);
    await goToList(d);
    expect((await rowTitles(d)).sort()).toEqual([XSS, "Velkomstpjece til Afsnit P3"].sort());
    expect(await d.findElements(By.css("[data-testid=project-list] img"))).toHaveLength(0);
  });

  it("filters the list by phase, kind and free text", async () => {
    const d = driver!;
    await choose(d, "filter-phase", "involvement");
    await waitForText(d, "project-count", (t) => t === "1 projekt");
    expect(await rowTitles(d)).toEqual(["Velkomstpjece til Afsnit P3"]);
    await choose(d, "filter-phase", "");
    await choose(d, "filter-kind", "workflow");
    await waitForText(d, "project-count", (t) => t === "1 projekt");
    expect(await rowTitles(d)).toEqual([XSS]);
    await choose(d, "filter-kind", "");
    await typeInto(d, "filter-text", "INDLÆGGELSE");
    await waitForText(d, "project-count", (t) => t === "1 projekt");
    expect(await rowTitles(d)).toEqual(["Velkomstpjece til Afsnit P3"]);
    await typeInto(d, "filter-text", "findes ikke");
    await waitForText(d, "project-count", (t) => t === "0 projekter");
    await typeInto(d, "filter-text", "");
    await waitForText(d, "project-count", (t) => t === "2 projekter");
    if (process.env.SCREENSHOT_DIR) await screenshot(join(process.env.SCREENSHOT_DIR, "e2e-projects.png"));
  });

  it("finds everything again after a restart", async () => {
    await closeApp(driver, dataDir);
    driver = await openApp(dataDir);
    const d = driver;
    await goToList(d);
    await waitForText(d, "project-count", (t) => t === "2 projekter");
    const links = await findAll(d, "project-link");
    for (const link of links) {
      if ((await link.getText()) === "Velkomstpjece til Afsnit P3") {
        await link.click();
        break;
      }
    }
    await waitForText(d, "project-phase", (t) => t === "Inddragelse");
    expect(await findAll(d, "timeline-entry")).toHaveLength(2);
    expect(await (await find(d, "project-deadline")).getText()).toBe("15. dec. 2026");
  });

  it("switches the language to English in Indstillinger and back", async () => {
    const d = driver!;
    await (await find(d, "nav-settings")).click();
    await choose(d, "input-language", "en");
    await waitForText(d, "nav-projects", (t) => t === "Projects");
    await choose(d, "input-language", "da");
    await waitForText(d, "nav-projects", (t) => t === "Projekter");
    await (await find(d, "nav-projects")).sendKeys(Key.ENTER);
    await find(d, "project-count");
  });
});

describe("a database held by another program", () => {
  it("shows a Danish explanation instead of crashing", async () => {
    const dir = newDataDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "db"), "");
    // sled locks the file `db` with flock(2); so does flock(1).
    const holder = spawn("flock", ["--exclusive", join(dir, "db"), "sleep", "120"], { stdio: "ignore" });
    let d: WebDriver | undefined;
    try {
      await new Promise((r) => setTimeout(r, 300));
      d = await openApp(dir);
      const text = await waitForText(d, "store-error", (t) => t.includes("bruges allerede af et andet program"));
      expect(text).toContain("Samskab kan ikke åbne databasen");
    } finally {
      await closeApp(d, dir);
      holder.kill("SIGKILL");
    }
  });
});

describe("a long project list", () => {
  it("shows the first 100 with the total, and more on request", async () => {
    const dir = newDataDir();
    let d: WebDriver | undefined;
    try {
      d = await openApp(dir);
      await find(d, "nav-projects");
      // 105 projects through the same command the form uses.
      await d.executeAsyncScript(`
        const done = arguments[arguments.length - 1];
        (async () => {
          for (let n = 0; n < 105; n++) {
            const title = "Projekt " + String(n).padStart(3, "0");
            await window.__TAURI_INTERNALS__.invoke("create_project", {
              input: { title, summary: "", kind: "service", requester_unit: "", requester_contact: "",
                responsible_consultant: "", involvement_level: "inform", target_groups: [], start_date: null,
                deadline: null, tags: [] },
              phase: "idea",
            });
          }
        })().then(() => done("ok"), (e) => done(String(e && e.code ? e.code : e)));
      `);
      await (await find(d, "nav-projects")).click();
      await choose(d, "sort", "title");
      await waitForText(d, "project-count", (t) => t === "Viser 100 af 105 projekter");
      expect((await rowTitles(d)).length).toBe(100);
      expect((await rowTitles(d))[99]).toBe("Projekt 099");
      const more = await find(d, "show-more-projects");
      expect(await more.getText()).toBe("Vis 5 flere");
      await more.click();
      await waitForText(d, "project-count", (t) => t === "105 projekter");
      const titles = await rowTitles(d);
      expect(titles.length).toBe(105);
      expect(titles[104]).toBe("Projekt 104");
      expect(await findAll(d, "show-more-projects")).toHaveLength(0);
      // A filter starts again at the first page.
      await typeInto(d, "filter-text", "projekt 10");
      await waitForText(d, "project-count", (t) => t === "6 projekter");
      await typeInto(d, "filter-text", "");
      await waitForText(d, "project-count", (t) => t === "Viser 100 af 105 projekter");
      expect((await rowTitles(d)).length).toBe(100);
    } finally {
      await closeApp(d, dir);
    }
  });
});
