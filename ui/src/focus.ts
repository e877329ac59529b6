// Keyboard handling for dialogs: focus moves into the dialog when it opens, Tab and Shift+Tab
// stay inside it, and Escape does the dialog's safe thing (never the destructive one).

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The elements Tab reaches inside `root`, in order. */
export function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.hidden);
}

/** Keeps Tab inside `root` and calls `onEscape` on Escape. Returns the listener to attach. */
export function dialogKeys(root: () => HTMLElement | undefined, onEscape: () => void) {
  return (e: KeyboardEvent) => {
    const el = root();
    if (!el) return;
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onEscape();
      return;
    }
    if (e.key !== "Tab") return;
    const items = focusables(el);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    const active = document.activeElement;
    if (e.shiftKey && (active === first || !el.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !el.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  };
}
