import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { WebDriver } from "selenium-webdriver";
import { choose, closeApp, find, findAll, newDataDir, openApp, screenshot, startDriver, stopDriver, typeInto, waitForText } from "./harness";

/**
 * Hours, the impact log and the register of information material (issue 13) through the
 * real window: hours registered and counted, an impact entry added from a project's page
 * and found in its GRIPP2 draft, and a leaflet registered and seen due for review on
 * Oversigt, whose figure opens the list.
 */
const SHOTS = process.env.SCREENSHOT_DIR;
let tauriDriver: ChildProcess | undefined;
let driver: WebDriver | undefined;
const dataDir = newDataDir();

const pad = (n: number) => String(n).padStart(2, "0");
function day(offset: number): string {
  const d = new Date(Date.now() + offset * 86_400_000);
  return `${pad(d.getDate())}-${pad(d.getMonth() + 1)}-${d.getFullYear()}`;
}

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

describe("hours, impact and materials", () => {
  it("adds an impact entry from a project, and GRIPP2 says it", async () => {
    driver = await openApp(dataDir);
    const d = driver;
    await click(d, "nav-projects");
    await click(d, "new-project");
    await typeInto(d, "input-title", "Velkomstpjece");
    await click(d, "save");
    await waitForText(d, "project-title", (t) => t === "Velkomstpjece");
    await waitForText(d, "impact-empty", (t) => t.length > 0);
    await typeInto(d, "impact-text", "Pjecen er skrevet om");
    await click(d, "impact-save");
    await waitForText(d, "notice", (t) => t === "Tilføjet til impact-loggen.");
    // Corrected: the form holds the entry, the focus is on its text.
    await (await findAll(d, "impact-correct"))[0]!.click();
    const text = await d.switchTo().activeElement();
    expect(await text.getAttribute("data-testid")).toBe("impact-text");
    await typeInto(d, "impact-text", "Pjecen er skrevet om til halvt så mange ord");
    await click(d, "impact-save");
    await waitForText(d, "notice", (t) => t === "Rettelsen er gemt.");
    expect(await (await findAll(d, "impact-entry"))[0]!.getText()).toContain("Pjecen er skrevet om til halvt så mange ord");
    // What it meant needs consent: refused, named, then saved.
    await click(d, "impact-kind-meaning");
    await typeInto(d, "impact-text", "Jeg følte mig hørt");
    await typeInto(d, "impact-who", "medlem af Peer-boardet");
    await click(d, "impact-save");
    expect(await waitForText(d, "error-impact-consent", (t) => t.length > 0)).toBe("Samtykke skal udfyldes.");
    await click(d, "impact-consent");
    await click(d, "impact-save");
    await waitForText(d, "notice", (t) => t === "Tilføjet til impact-loggen.");
    const entries = await Promise.all((await findAll(d, "impact-entry")).map((e) => e.getText()));
    expect(entries).toHaveLength(2);
    expect(entries[1]).toContain("»Jeg følte mig hørt« (medlem af Peer-boardet)");
    if (SHOTS) await screenshot(join(SHOTS, "impact-log.png"));
    await click(d, "gripp2-link");
    const outcomes = await find(d, "gripp2-outcomes");
    await d.wait(async () => ((await outcomes.getAttribute("value")) ?? "").length > 0, 10_000);
    expect(await outcomes.getAttribute("value")).toContain("Pjecen er skrevet om til halvt så mange ord");
    expect(await (await find(d, "gripp2-reflections")).getAttribute("value")).toContain("»Jeg følte mig hørt« (medlem af Peer-boardet)");
    // The person withdraws their consent: their words go from the log.
    await d.navigate().back();
    await click(d, "impact-withdraw");
    await waitForText(d, "notice", (t) => t.startsWith("Ordene er fjernet"));
    const after = await Promise.all((await findAll(d, "impact-entry")).map((e) => e.getText()));
    expect(after[1]).toContain("[Ordene er fjernet: samtykket er trukket tilbage]");
    expect(after.join(" ")).not.toContain("Jeg følte mig hørt");
  });

  it("registers hours and shows them per project and kind", async () => {
    const d = driver!;
    await click(d, "nav-hours");
    const project = await find(d, "time-project");
    for (const o of await project.findElements({ css: "option" })) if ((await o.getText()) === "Velkomstpjece") await o.click();
    await choose(d, "time-kind", "writing");
    await typeInto(d, "time-hours", "1:30");
    await click(d, "time-save");
    await waitForText(d, "notice", (t) => t === "Timerne er registreret.");
    expect(await waitForText(d, "hours-total", (t) => t !== "0 t")).toBe("1,5 t");
    // A bad number of hours is named and nothing is saved.
    await typeInto(d, "time-hours", "lang tid");
    await click(d, "time-save");
    expect(await waitForText(d, "error-time-hours", (t) => t.length > 0)).toBe("Timer har ikke den rigtige form.");
    expect(await findAll(d, "time-row")).toHaveLength(1);
  });

  it("registers a leaflet and sees it due for review on Oversigt", async () => {
    const d = driver!;
    await click(d, "nav-materials");
    await click(d, "material-new");
    await typeInto(d, "material-title", "Velkommen til afsnit P3");
    await typeInto(d, "material-owner", "Afsnit P3");
    await typeInto(d, "material-version", "2");
    await click(d, "material-place-welcome_area");
    await typeInto(d, "material-next-review", day(10));
    await click(d, "material-save");
    await waitForText(d, "material-heading", (t) => t === "Velkommen til afsnit P3");
    expect(await (await find(d, "material-page-due")).getText()).toContain("Skal gennemgås snart");
    // A second one, already overdue.
    await click(d, "nav-materials");
    await click(d, "material-new");
    await typeInto(d, "material-title", "Husregler");
    await typeInto(d, "material-owner", "Afsnit P3");
    await typeInto(d, "material-next-review", day(-3));
    await click(d, "material-save");
    await waitForText(d, "material-heading", (t) => t === "Husregler");

    await click(d, "nav-overview");
    expect(await waitForText(d, "figure-material-overdue", (t) => t.length > 0)).toBe("1");
    expect(await (await find(d, "figure-material-soon")).getText()).toBe("1");
    const items = await Promise.all((await findAll(d, "overview-review-item")).map((e) => e.getText()));
    expect(items.map((t) => t.split(" · ")[0])).toEqual(["Husregler", "Velkommen til afsnit P3"]);
    if (SHOTS) await screenshot(join(SHOTS, "overview-reviews.png"));
    // The figure opens the list of those due.
    await click(d, "figure-material-overdue");
    await waitForText(d, "material-list", (t) => t.includes("Husregler"));
    expect(await (await find(d, "material-filter-due")).isSelected()).toBe(true);
    const due = await Promise.all((await findAll(d, "material-due")).map((e) => e.getText()));
    expect(due).toEqual(["Gennemgang overskredet", "Skal gennemgås snart"]);

    // A review moves it on, and its history shows it.
    await (await findAll(d, "material-open"))[0]!.click();
    await waitForText(d, "material-heading", (t) => t === "Husregler");
    await typeInto(d, "review-next", day(365));
    await typeInto(d, "review-note", "Gennemgået med Peer-boardet");
    await click(d, "review-save");
    await waitForText(d, "notice", (t) => t === "Gennemgangen er registreret.");
    const history = await Promise.all((await findAll(d, "material-event")).map((e) => e.getText()));
    expect(history[0]).toContain("Gennemgået");
    expect(history[0]).toContain("Gennemgået med Peer-boardet");
    expect(await findAll(d, "material-page-due")).toHaveLength(0);
  });
});
