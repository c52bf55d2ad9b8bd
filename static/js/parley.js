// What every htmx page of Parley shares (staff and participant). Loaded after htmx, deferred, by both base templates.
(() => {
  // A refused form (400) comes back as its section with the reasons on it. htmx leaves 4xx answers unswapped by
  // default; inside [data-swap-errors], show them like any other answer.
  document.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.xhr.status === 400 && event.detail.target.closest("[data-swap-errors]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
