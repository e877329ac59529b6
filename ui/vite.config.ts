/// <reference types="vitest/config" />
// Vite builds the UI into dist/, which Tauri embeds in the binary at compile time.
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

export default defineConfig({
  plugins: [solid()],
  clearScreen: false,
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    // One external stylesheet and module scripts only: the CSP allows no inline code.
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    // Two pages: the manager window and the kiosk window (its own, smaller bundle).
    rollupOptions: {
      input: { main: "index.html", kiosk: "kiosk.html" },
    },
  },
  test: {
    environment: "jsdom",
    // Dates show in the computer's time zone; tests pin one so they read the same anywhere.
    env: { TZ: "UTC" },
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
  },
  resolve: {
    conditions: ["browser"],
  },
});
