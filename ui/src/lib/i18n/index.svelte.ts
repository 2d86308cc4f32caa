import type { Language } from "../api/types";
import { da, type Messages } from "./da";
import { en } from "./en";

const catalogues: Record<Language, Messages> = { da, en };

/** The current language; Danish until the settings say otherwise. */
export const i18n = $state<{ lang: Language }>({ lang: "da" });

/** The catalogue of the current language. */
export function msg(): Messages {
  return catalogues[i18n.lang];
}

export function setLanguage(lang: Language): void {
  i18n.lang = lang;
  document.documentElement.lang = lang;
}

export { catalogues };
