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

  // The Content-Security-Policy (config/settings.py) refuses inline handlers and style="" attributes, so what they
  // did lives here. A form with data-confirm asks first (capture phase: htmx never sees a cancelled submit).
  document.addEventListener("submit", (event) => {
    const message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  // An address box with data-select-on-focus selects itself, ready to copy.
  document.addEventListener("focusin", (event) => {
    if (event.target.matches && event.target.matches("input[data-select-on-focus]")) event.target.select();
  });

  // Colours and proportions that come from data (a tag's colour, a chart's legend, the sync/async split) are set
  // through the CSSOM, which the policy allows, from data-colour (background), data-edge-colour (left border) and
  // data-grow (flex-grow). Only well-formed values are applied.
  const COLOUR = /^#[0-9a-fA-F]{3,8}$/;
  const paint = (root) => {
    if (!root.querySelectorAll) return;
    const all = (selector) => [...(root.matches && root.matches(selector) ? [root] : []), ...root.querySelectorAll(selector)];
    all("[data-colour]").forEach((el) => { if (COLOUR.test(el.dataset.colour)) el.style.background = el.dataset.colour; });
    all("[data-edge-colour]").forEach((el) => {
      if (COLOUR.test(el.dataset.edgeColour)) el.style.borderLeftColor = el.dataset.edgeColour;
    });
    all("[data-grow]").forEach((el) => {
      const grow = Number(el.dataset.grow);
      if (Number.isFinite(grow) && grow >= 0) el.style.flexGrow = String(grow);
    });
  };
  paint(document);
  document.addEventListener("htmx:load", (event) => paint(event.target));

  // A "Copy" button next to an address copies it; without JavaScript the address box can be selected by hand.
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
