// The keyboard palette of the staff pages: "/" or Ctrl-K (Cmd-K) opens it from anywhere but a text box; typing lists
// pages, studies, rounds and participants (GET the header box's data-palette URL, an HTML list); arrows move, Enter
// jumps, Escape closes. Without JavaScript the header box is a plain search form.
(() => {
  const box = document.getElementById("header-q");
  if (!box) return;
  const url = box.dataset.palette;
  let dialog, input, list, timer, active = -1, asked = 0;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "palette";
    dialog.setAttribute("aria-label", "Jump to");
    dialog.innerHTML =
      '<label for="palette-q" class="visually-hidden">Jump to a page, study, round or participant</label>' +
      '<input id="palette-q" type="search" autocomplete="off" role="combobox" aria-expanded="true" ' +
      'aria-controls="palette-list" placeholder="Jump to… (Enter: search everything)">' +
      '<ul id="palette-list" role="listbox"></ul>';
    document.body.appendChild(dialog);
    input = dialog.querySelector("input");
    list = dialog.querySelector("ul");
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(load, 120);
    });
    input.addEventListener("keydown", onKey);
    dialog.addEventListener("click", (event) => {
      if (event.target === dialog) dialog.close();
    });
  }

  function load() {
    const ticket = ++asked;
    fetch(url + "?q=" + encodeURIComponent(input.value), { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : ""))
      .then((html) => {
        if (ticket !== asked) return; // an older answer arriving late
        list.innerHTML = html;
        move(list.children.length ? 0 : -1);
      })
      .catch(() => {});
  }

  function move(index) {
    const items = list.children;
    if (active >= 0 && items[active]) items[active].removeAttribute("aria-selected");
    active = items.length ? (index + items.length) % items.length : -1;
    if (active >= 0) {
      items[active].setAttribute("aria-selected", "true");
      items[active].scrollIntoView({ block: "nearest" });
      input.setAttribute("aria-activedescendant", items[active].id);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function onKey(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter") {
      event.preventDefault();
      const link = active >= 0 && list.children[active] && list.children[active].querySelector("a");
      window.location.href = link ? link.href : box.form.action + "?q=" + encodeURIComponent(input.value);
    }
  }

  function open() {
    if (!dialog) build();
    input.value = "";
    dialog.showModal();
    input.focus();
    load();
  }

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
    if (ctrlK || (event.key === "/" && !typing && !event.altKey && !event.ctrlKey && !event.metaKey)) {
      if (dialog && dialog.open) return;
      event.preventDefault();
      open();
    }
  });
})();
