import type { ErrorPayload } from "./api/types";
import { errorMessage, toPayload } from "./errors";
import { msg } from "./i18n/index.svelte";
import { showNotice } from "./state.svelte";
import { requestRefresh } from "./live.svelte";

/**
 * Runs a change and reports its outcome: "Gemt." when it worked, the Danish sentence for
 * its error when not. A validation error is returned for the form to show next to its fields.
 */
export async function attempt<T>(change: () => Promise<T>, saved = true): Promise<{ ok: T } | { error: ErrorPayload }> {
  try {
    const ok = await change();
    if (saved) showNotice("info", msg().common.saved);
    return { ok };
  } catch (err) {
    const error = toPayload(err);
    // Someone changed it first: show it as it is now, so the change can be made again.
    if (error.code === "conflict.version") requestRefresh();
    showNotice("error", error.code === "validation" ? msg().formHasErrorsShort : errorMessage(msg(), error));
    return { error };
  }
}
