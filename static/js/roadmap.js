// Roadmap pages: htmx niceties only; every form also works as a plain POST without this file.
(() => {
  // Keep the keyboard where it was when htmx replaces a section (the new controls have the same ids).
  let focusedId = null;
  document.body.addEventListener("htmx:beforeSwap", () => {
    focusedId = document.activeElement && document.activeElement.id;
  });
  document.body.addEventListener("htmx:afterSettle", () => {
    // Only when the swap took the focus away (it sits on the body now), never over a move the user made since.
    const lost = !document.activeElement || document.activeElement === document.body;
    const again = focusedId && document.getElementById(focusedId);
    if (lost && again && !document.querySelector("[data-roadmap] [autofocus]")) again.focus();
  });

  // The evidence picker: Down from the search box goes to the first result, Enter on a result picks it.
  document.addEventListener("keydown", (event) => {
    const search = event.target.closest("[data-picker-search]");
    if (search && event.key === "ArrowDown") {
      const first = document.querySelector("[data-picker-results] input[type=radio]");
      if (first) {
        event.preventDefault();
        first.focus();
        first.checked = true;
      }
    }
  });
})();
