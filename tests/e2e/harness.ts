/**
 * End-to-end harness: starts tauri-driver (which starts WebKitWebDriver), opens the real
 * Samskab window with a data folder of the test's own, and gives the test a WebDriver
 * session. Needs an X display (scripts/test.sh runs the suite under xvfb-run).
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import net from "node:net";
import { Builder, By, Capabilities, Key, until, type WebDriver, type WebElement } from "selenium-webdriver";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const APP = process.env.SAMSKAB_BIN ?? join(ROOT, "target/debug/samskab");
let port = 0;

/** A port nobody listens on now, so a driver left over from another run cannot answer. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = net.createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

/** Starts tauri-driver and waits until it listens. */
export async function startDriver(): Promise<ChildProcess> {
  const bin = process.env.TAURI_DRIVER ?? join(process.env.HOME ?? "/root", ".cargo/bin/tauri-driver");
  port = await freePort();
  const nativePort = await freePort();
  const child = spawn(bin, ["--port", String(port), "--native-port", String(nativePort), "--native-driver", "/usr/bin/WebKitWebDriver"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 100; i++) {
    if (await portOpen(port)) return child;
    await sleep(100);
  }
  child.kill();
  throw new Error("tauri-driver did not start");
}

export function stopDriver(child: ChildProcess | undefined): void {
  child?.kill("SIGTERM");
}

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), "samskab-e2e-"));
}

/** Whether an app process using `dataDir` is still alive. */
function appRunning(dataDir: string): boolean {
  try {
    execFileSync("pgrep", ["-f", "--", `--data-dir ${dataDir}`]);
    return true;
  } catch {
    return false;
  }
}

/** Kills the app using `dataDir` at once, without warning (SIGKILL), as a crash would. */
export function killApp(dataDir: string): void {
  execFileSync("pkill", ["-KILL", "-f", "--", `--data-dir ${dataDir}`]);
}

/**
 * Opens the app window on `dataDir` and waits for the first screen. A new folder becomes an
 * unencrypted database without a first profile (`--test-plain`), as before passphrases,
 * unless `encrypted` is set: the tests of sign-in, lock and passphrases use that.
 */
export async function openApp(dataDir: string, extraArgs: string[] = [], { encrypted = false } = {}): Promise<WebDriver> {
  const caps = new Capabilities();
  caps.setBrowserName("wry");
  const args = ["--data-dir", dataDir, ...(encrypted ? [] : ["--test-plain"]), ...extraArgs];
  caps.set("tauri:options", { application: APP, args });
  const driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities(caps).build();
  await driver.manage().setTimeouts({ implicit: 0 });
  // The app's screens, the screen of a database that did not open, (team mode) the sign-in,
  // the choice of person (several profiles on the embedded database), or the first start
  // and the sign-in of an encrypted database.
  await driver.wait(until.elementLocated(By.css("nav, [data-testid=store-error], [data-testid=sign-in], [data-testid=profile-chooser], [data-testid=first-start], [data-testid=unlock]")), 30_000);
  return driver;
}

/** Closes the window and waits until the app process is gone, so the database is free. */
export async function closeApp(driver: WebDriver | undefined, dataDir: string): Promise<void> {
  if (driver) {
    try {
      await driver.quit();
    } catch {
      // The session may already be gone; what matters is that the process is.
    }
  }
  for (let i = 0; i < 100 && appRunning(dataDir); i++) await sleep(100);
  if (appRunning(dataDir)) killApp(dataDir);
}

export const byTestId = (id: string) => By.css(`[data-testid="${id}"]`);

export async function find(driver: WebDriver, testId: string, timeout = 10_000): Promise<WebElement> {
  const el = await driver.wait(until.elementLocated(byTestId(testId)), timeout);
  await driver.wait(until.elementIsVisible(el), timeout);
  return el;
}

export async function findAll(driver: WebDriver, testId: string): Promise<WebElement[]> {
  return driver.findElements(byTestId(testId));
}

/** Waits until the element's text satisfies `ok`, and returns the text. */
export async function waitForText(driver: WebDriver, testId: string, ok: (text: string) => boolean, timeout = 10_000): Promise<string> {
  let last = "";
  try {
    await driver.wait(async () => {
      const els = await findAll(driver, testId);
      if (els.length === 0) return false;
      last = await els[0]!.getText();
      return ok(last);
    }, timeout);
  } catch (err) {
    if (process.env.SCREENSHOT_DIR) await screenshot(join(process.env.SCREENSHOT_DIR, `failure-${testId}.png`)).catch(() => {});
    throw new Error(`text of ${testId} never matched; last seen: ${JSON.stringify(last)} (${String(err)})`);
  }
  return last;
}

/** Replaces the value of a text field by typing, as a person would. */
export async function typeInto(driver: WebDriver, testId: string, text: string): Promise<void> {
  const el = await find(driver, testId);
  // Select all and delete, as a person would: WebDriver's clear() sends no input event,
  // so the UI would never hear of it.
  await el.sendKeys(Key.chord(Key.CONTROL, "a"), Key.BACK_SPACE);
  if (text !== "") await el.sendKeys(text);
}

/** Picks an option of a select by its value. */
export async function choose(driver: WebDriver, testId: string, value: string): Promise<void> {
  const el = await find(driver, testId);
  await el.findElement(By.css(`option[value="${value}"]`)).click();
}

/**
 * Saves a picture of the whole X display (WebKitWebDriver's own screenshot command hangs
 * under Xvfb). Needs imagemagick's `import`; scripts/setup.sh --test installs it.
 */
export async function screenshot(path: string): Promise<void> {
  await sleep(300); // let the last change paint
  execFileSync("import", ["-window", "root", path]);
}

/** Opens the project called `title` from the project list. */
export async function openProject(d: WebDriver, title: string): Promise<void> {
  await (await find(d, "nav-projects")).click();
  await find(d, "project-list");
  for (const link of await findAll(d, "project-link")) {
    if ((await link.getText()) === title) {
      await link.click();
      await waitForText(d, "project-title", (t) => t === title);
      return;
    }
  }
  throw new Error(`no project ${title}`);
}
