import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const uiModules = (name: string) => fileURLToPath(new URL(`./node_modules/${name}`, import.meta.url));

// End-to-end tests: the real app under Xvfb, driven through tauri-driver (WebDriver).
// Run by scripts/test.sh after the app is built; one file at a time, one window at a time.
export default defineConfig({
  cacheDir: uiModules(".vite-e2e"),
  resolve: {
    // The tests live in ../tests/e2e; their packages are installed in ui/.
    alias: { "selenium-webdriver": uiModules("selenium-webdriver"), vitest: uiModules("vitest") },
  },
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["tests/e2e/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
