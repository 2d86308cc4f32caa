/** Svelte action: focuses the element when it appears (the heading of a new screen). */
export function focusOnMount(node: HTMLElement): void {
  node.focus();
}
