import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { By, Key, type WebDriver } from "selenium-webdriver";
import { closeApp, find, findAll, newDataDir, openApp, screenshot, startDriver, stopDriver, typeInto, waitForText } from "./harness";

let tauriDriver: ChildProcess | undefined;

beforeAll(async () => {
  tauriDriver = await startDriver();
});
afterAll(() => stopDriver(tauriDriver));

/** A moment as the backups list shows it: `29. nov. 2026 14.05`. */
const DANISH_TIME = /^\d{1,2}\. [a-zæøå]+\.? \d{4} \d{2}\.\d{2}$/;

/** The name the app suggests for a whole-database export today. */
function exportName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `samskab-eksport-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.zip`;
}

async function createProject(d: WebDriver, title: string): Promise<void> {
  await (await find(d, "nav-projects")).click();
  await (await find(d, "new-project")).click();
  await typeInto(d, "input-title", title);
  await (await find(d, "save")).click();
  await waitForText(d, "project-title", (t) => t === title);
}

async function projectTitles(d: WebDriver): Promise<string[]> {
  await (await find(d, "nav-projects")).click();
  await find(d, "project-count");
  const links = await findAll(d, "project-link");
  return (await Promise.all(links.map((l) => l.getText()))).sort();
}

/** Indstillinger, with the list of backups loaded. */
async function openBackups(d: WebDriver): Promise<void> {
  await (await find(d, "nav-settings")).click();
  await find(d, "backups");
  await find(d, "last-verified");
}

async function backupRows(d: WebDriver) {
  return findAll(d, "backup-row");
}

async function cellText(d: WebDriver, row: number, testId: string): Promise<string> {
  const rows = await backupRows(d);
  return rows[row]!.findElement(By.css(`[data-testid="${testId}"]`)).getText();
}

/** The count of `kind` in the table of what a file holds (shown before a restore or import). */
async function kindCount(d: WebDriver, kind: string): Promise<string> {
  return (await find(d, `archive-kind-${kind}`)).findElement(By.css("td")).getText();
}

describe("backups in Indstillinger", () => {
  const dataDir = newDataDir();
  const saves = mkdtempSync(join(tmpdir(), "samskab-saved-"));
  let d: WebDriver | undefined;
  afterAll(() => closeApp(d, dataDir));

  it("takes a verified backup and lists it with time, size and what it holds", async () => {
    d = await openApp(dataDir, ["--test-save-dir", saves]);
    await createProject(d, "Før sikkerhedskopien");
    await openBackups(d);
    await (await find(d, "take-backup")).click();
    await waitForText(d, "notice", (t) => t.startsWith("Sikkerhedskopien er taget og kontrolleret"));
    await waitForText(d, "last-verified", (t) => t.startsWith("Seneste kontrollerede sikkerhedskopi:"));
    expect(await cellText(d, 0, "backup-time")).toMatch(DANISH_TIME);
    expect(await cellText(d, 0, "backup-contents")).toBe("1 projekt, 1 faseskift");
    expect(await cellText(d, 0, "backup-verified")).toBe("Kontrolleret");
    expect(await (await find(d, "backup-folder")).getText()).toBe(`${dataDir}-sikkerhedskopier`);
  });

  it("restores the backup after asking, and the later change is gone", async () => {
    const dd = d!;
    await createProject(dd, "Efter sikkerhedskopien");
    expect(await projectTitles(dd)).toEqual(["Efter sikkerhedskopien", "Før sikkerhedskopien"]);
    await openBackups(dd);
    const [newest] = await backupRows(dd);
    await newest!.findElement(By.css("[data-testid=restore-backup]")).click();
    // The question shows what the backup holds, and that the restore can be undone.
    const dialog = await find(dd, "restore-dialog");
    expect(await dialog.getText()).toContain("Gendan sikkerhedskopien fra");
    expect(await kindCount(dd, "projects")).toBe("1");
    expect(await (await find(dd, "restore-explain")).getText()).toContain("gemmes den nuværende database som en sikkerhedskopi for sig");
    if (process.env.SCREENSHOT_DIR) await screenshot(join(process.env.SCREENSHOT_DIR, "backups-restore.png"));
    // Esc cancels and gives the focus back to the row's button.
    await (await dd.switchTo().activeElement()).sendKeys(Key.ESCAPE);
    await dd.wait(async () => (await findAll(dd, "restore-dialog")).length === 0, 5_000);
    expect(await (await dd.switchTo().activeElement()).getAttribute("data-testid")).toBe("restore-backup");
    // Again, confirmed from the keyboard this time.
    await (await dd.switchTo().activeElement()).sendKeys(Key.ENTER);
    await find(dd, "restore-dialog");
    await (await dd.switchTo().activeElement()).sendKeys(Key.TAB);
    const confirm = await dd.switchTo().activeElement();
    expect(await confirm.getAttribute("data-testid")).toBe("restore-dialog-confirm");
    await confirm.sendKeys(Key.ENTER);
    const said = await waitForText(dd, "notice", (t) => t.includes("er gendannet"), 30_000);
    expect(said).toContain("gendan den for at fortryde");
    expect(await projectTitles(dd)).toEqual(["Før sikkerhedskopien"]);
    // The database as it was before the restore is the newest backup now.
    await openBackups(dd);
    await dd.wait(async () => (await cellText(dd, 0, "backup-contents")) === "2 projekter, 2 faseskift", 10_000);
    if (process.env.SCREENSHOT_DIR) {
      await dd.executeScript("document.getElementById('sikkerhedskopier').scrollIntoView()");
      await screenshot(join(process.env.SCREENSHOT_DIR, "backups.png"));
    }
  });

  it("keeps backups in a chosen folder, and goes back to the default", async () => {
    const dd = d!;
    await (await find(dd, "choose-backup-folder")).click();
    const chosen = join(saves, "sikkerhedskopier");
    await waitForText(dd, "backup-folder", (t) => t === chosen);
    await waitForText(dd, "notice", (t) => t === `Sikkerhedskopierne gemmes nu i ${chosen}.`);
    await find(dd, "backup-list-empty");
    await (await find(dd, "take-backup")).click();
    await dd.wait(async () => (await backupRows(dd)).length === 1, 20_000);
    expect(readdirSync(chosen).some((f) => f.endsWith(".zip"))).toBe(true);
    await (await find(dd, "default-backup-folder")).click();
    await waitForText(dd, "backup-folder", (t) => t === `${dataDir}-sikkerhedskopier`);
    await dd.wait(async () => (await backupRows(dd)).length >= 3, 10_000);
  });
});

/** The passphrase the whole-database export is encrypted with. */
const PASS = "eksportens egen frase";

describe("the whole database", () => {
  it("is exported to a file and imported into an empty database at another start", async () => {
    const first = newDataDir();
    const second = newDataDir();
    const saves = mkdtempSync(join(tmpdir(), "samskab-saved-"));
    let d: WebDriver | undefined;
    try {
      d = await openApp(first, ["--test-save-dir", saves]);
      await createProject(d, "Pjece om medicin");
      await createProject(d, "Ny arbejdsgang ved udskrivelse");
      await (await find(d, "nav-settings")).click();
      // An unencrypted file is the administrator's choice, with a warning.
      await (await find(d, "export-plain")).click();
      expect(await (await find(d, "export-plain-warning")).getText()).toContain("kan læses af alle");
      await (await find(d, "export-plain")).click();
      // Encrypted by default: the passphrase is checked like any other.
      await (await find(d, "export-database")).click();
      expect(await waitForText(d, "error-export-passphrase", (t) => t.length > 0)).toContain("Adgangsfrase skal udfyldes");
      await typeInto(d, "export-passphrase", PASS);
      await typeInto(d, "export-passphrase-repeat", PASS);
      await (await find(d, "export-database")).click();
      const file = join(saves, `${exportName()}.age`);
      const said = await waitForText(d, "notice", (t) => t.startsWith("Hele databasen er eksporteret krypteret"), 30_000);
      expect(said).toContain(file);
      expect(said).toMatch(/\(\d+ poster\)\./);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file).subarray(0, 21).toString()).toBe("age-encryption.org/v1");
      await closeApp(d, first);

      // A new, empty data folder; the open dialog answers with the exported file, which asks
      // for its passphrase.
      d = await openApp(second, ["--test-save-dir", saves]);
      expect(await projectTitles(d)).toEqual([]);
      await (await find(d, "nav-settings")).click();
      await (await find(d, "import-database")).click();
      await typeInto(d, "import-passphrase", "ikke den rigtige");
      await (await find(d, "import-open")).click();
      await find(d, "import-wrong");
      await typeInto(d, "import-passphrase", PASS);
      await (await find(d, "import-open")).click();
      await find(d, "import-dialog");
      expect(await (await find(d, "import-file")).getText()).toBe(`Fil: ${file}`);
      expect(await kindCount(d, "projects")).toBe("2");
      await (await find(d, "import-dialog-confirm")).click();
      await waitForText(d, "notice", (t) => t.startsWith("Eksporten er indlæst"), 30_000);
      expect(await projectTitles(d)).toEqual(["Ny arbejdsgang ved udskrivelse", "Pjece om medicin"]);

      // Only into an empty database: a second import changes nothing.
      await (await find(d, "nav-settings")).click();
      await (await find(d, "import-database")).click();
      await typeInto(d, "import-passphrase", PASS);
      await (await find(d, "import-open")).click();
      await (await find(d, "import-dialog-confirm")).click();
      await waitForText(d, "notice", (t) => t === "Der kan kun indlæses i en tom database. Der er ikke ændret noget.");
      expect(await projectTitles(d)).toEqual(["Ny arbejdsgang ved udskrivelse", "Pjece om medicin"]);
    } finally {
      await closeApp(d, second);
      await closeApp(undefined, first);
    }
  });
});

describe("a damaged database", () => {
  it("is explained in Danish and replaced by the newest verified backup", async () => {
    const dir = newDataDir();
    let d: WebDriver | undefined;
    try {
      d = await openApp(dir);
      await createProject(d, "Reddet projekt");
      await openBackups(d);
      await (await find(d, "take-backup")).click();
      await waitForText(d, "notice", (t) => t.startsWith("Sikkerhedskopien er taget og kontrolleret"));
      await closeApp(d, dir);

      // Garbage over sled's files: the folder can no longer be opened safely.
      writeFileSync(join(dir, "conf"), Buffer.from("\u0000\u00ff\u0013garbage\u0000", "latin1"));
      writeFileSync(join(dir, "db"), Buffer.alloc(4096, 0xa5));
      d = await openApp(dir);
      const text = await waitForText(d, "store-error", (t) => t.includes("Gendan den nyeste kontrollerede sikkerhedskopi"), 40_000);
      expect(text).toContain("Databasen er beskadiget");
      expect(text).toContain("Der er ikke slettet noget");
      expect(text).toContain("aldrig slettet");
      expect(await (await find(d, "newest-backup-time")).getText()).toMatch(/^Nyeste kontrollerede sikkerhedskopi: \d{1,2}\. /);
      expect(await (await find(d, "newest-backup-contents")).getText()).toBe("Den rummer 1 projekt, 1 faseskift.");
      if (process.env.SCREENSHOT_DIR) await screenshot(join(process.env.SCREENSHOT_DIR, "damaged.png"));

      await (await find(d, "restore-newest")).click();
      const said = await waitForText(d, "notice", (t) => t.includes("er gendannet"), 30_000);
      // The damaged folder is kept beside the data folder, never deleted.
      const aside = /flyttet til (.+)\.$/.exec(said)?.[1];
      expect(aside).toBeTruthy();
      expect(existsSync(join(aside!, "conf"))).toBe(true);
      await find(d, "overview-phases");
      expect(await projectTitles(d)).toEqual(["Reddet projekt"]);
    } finally {
      await closeApp(d, dir);
    }
  });
});

describe("no verified backup", () => {
  it("is warned about on Oversigt, with a way to Sikkerhedskopier", async () => {
    const dir = newDataDir();
    // A file where the backup folder should be: no backup can be taken.
    writeFileSync(`${dir}-sikkerhedskopier`, "ikke en mappe");
    let d: WebDriver | undefined;
    try {
      d = await openApp(dir);
      await createProject(d, "Ubeskyttet projekt");
      await (await find(d, "nav-overview")).click();
      await waitForText(d, "backup-warning", (t) => t.startsWith("Der er ikke taget en kontrolleret sikkerhedskopi i over et døgn, selv om data er ændret."));
      await (await find(d, "backup-warning-link")).sendKeys(Key.ENTER);
      await find(d, "backups");
      await d.wait(async () => (await (await d!.switchTo().activeElement()).getAttribute("id")) === "backups-h", 10_000);
      await waitForText(d, "last-verified", (t) => t === "Der er endnu ingen kontrolleret sikkerhedskopi.");
      await (await find(d, "take-backup")).click();
      await waitForText(d, "backup-folder-error", (t) => t.startsWith("Mappen med sikkerhedskopier kunne ikke læses."));
      await waitForText(d, "notice", (t) => t.startsWith("Sikkerhedskopien kunne ikke tages.") && t.endsWith("Databasen er ikke ændret."));
    } finally {
      await closeApp(d, dir);
    }
  });
});
