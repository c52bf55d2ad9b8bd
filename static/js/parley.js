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

  // Input the server cannot store (a NUL byte, broken Unicode) is refused whole, by workspaces/clean_input.py: the
  // page is left as it is, with what was typed, and the reason is said.
  document.addEventListener("parley:refused", (event) => {
    window.alert(event.detail.message);
  });

  // A text box with data-limit counts down near its limit and says when it is over, before anything is sent (the
  // server refuses an answer past the limit with the same words and keeps the draft). The page gives the words in
  // its language (data-count-upto, -left, -over with {left} and {over}); English without them.
  document.addEventListener("input", (event) => {
    const box = event.target;
    if (!box.matches || !box.matches("textarea[data-limit]")) return;
    const counter = document.getElementById(box.getAttribute("aria-describedby").split(" ")[0]);
    const limit = Number(box.dataset.limit);
    const left = limit - box.value.length;
    if (!counter) return;
    counter.classList.toggle("counter--over", left < 0);
    const words = box.dataset;
    if (left < 0) {
      counter.textContent = (words.countOver || `{over} characters over the limit of ${limit}: please shorten your answer.`)
        .replace("{over}", -left);
    } else if (left <= limit * 0.2) {
      counter.textContent = (words.countLeft || "{left} characters left.").replace("{left}", left);
    } else {
      counter.textContent = words.countUpto || `Up to ${limit} characters.`;
    }
  });

  // Past its limit, a form with such a box is not sent: the server would refuse it, and an answer far past the limit
  // would not come back in the box. Capture phase, so htmx never sees the submit either.
  document.addEventListener("submit", (event) => {
    const box = event.target.querySelector && event.target.querySelector("textarea[data-limit]");
    if (!box || box.value.length <= Number(box.dataset.limit)) return;
    event.preventDefault();
    event.stopPropagation();
    box.dispatchEvent(new Event("input", { bubbles: true }));  // the counter says by how much
    box.focus();
  }, true);

  // A "Copy" button next to an address copies it; without JavaScript the address box selects itself on focus.
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) return;
    navigator.clipboard.writeText(field.value).then(() => {
      const label = button.textContent;
      button.textContent = "Copied";
      setTimeout(() => { button.textContent = label; }, 1500);
    });
  });
})();
