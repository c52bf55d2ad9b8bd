// The transcript coding page: turn a text selection inside one utterance into the highlight form's fields.
// Offsets are sent in Unicode code points (Python's str indices), not the UTF-16 units the DOM counts in, and are
// measured from the utterance's plain text through the data-offset of the piece each selection end falls in.
(function () {
  "use strict";

  const form = document.getElementById("selection-form");

  function codePoints(text) {
    let n = 0;
    for (const _ of text) n++; // iterating a string walks code points: an emoji counts once
    return n;
  }

  // The offset, in code points of the utterance's text, of a selection end (node, offset).
  function pointOffset(textEl, node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const piece = node.parentElement.closest("[data-offset]");
      if (!piece || !textEl.contains(piece)) return null;
      return Number(piece.dataset.offset) + codePoints(node.data.slice(0, offset));
    }
    // An end between elements: at the first piece that starts there or later, else at the end of the text.
    const point = document.createRange();
    point.setStart(node, offset);
    for (const piece of textEl.querySelectorAll("[data-offset]")) {
      if (point.comparePoint(piece, 0) >= 0) return Number(piece.dataset.offset);
    }
    return Number(textEl.dataset.length);
  }

  function utteranceText(node) {
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return el ? el.closest(".utterance-text") : null;
  }

  // {textEl, start, end} for the current selection, {error} when it crosses utterances, or null.
  function currentSpan() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    const first = utteranceText(range.startContainer);
    const last = utteranceText(range.endContainer);
    if (first && last && first !== last) return { textEl: first, error: "A highlight stays within one utterance." };
    const textEl = first || last;
    if (!textEl) return null;
    // A selection running past the utterance's text (a triple click) is clipped to it.
    let start = first ? pointOffset(textEl, range.startContainer, range.startOffset) : 0;
    let end = last ? pointOffset(textEl, range.endContainer, range.endOffset) : Number(textEl.dataset.length);
    if (start === null || end === null) return null;
    const chars = Array.from(textEl.textContent);
    [start, end] = snapToWords(chars, start, end);
    if (start >= end) return null;
    return { textEl, start, end, quote: chars.slice(start, end).join("") };
  }

  // Whole words, as the server's snap_to_words (synthesis/coding/services.py) makes them: leave out the spaces a
  // double click or a sloppy drag picks up at either end, then widen a selection that cuts a word ("Nobody ha") to
  // all of it. An apostrophe or hyphen between two letters is part of the word ("don't", "e-mail").
  const WORD = /[\p{L}\p{N}\p{M}_]/u;
  const LETTER = /[\p{L}\p{N}]/u;
  function inWord(chars, i) {
    if (WORD.test(chars[i])) return true;
    return "'’-".includes(chars[i]) && i > 0 && i < chars.length - 1 && LETTER.test(chars[i - 1]) &&
      LETTER.test(chars[i + 1]);
  }
  function snapToWords(chars, start, end) {
    while (start < end && /\s/u.test(chars[start])) start++;
    while (end > start && /\s/u.test(chars[end - 1])) end--;
    if (start >= end) return [start, end];
    while (start > 0 && inWord(chars, start) && inWord(chars, start - 1)) start--;
    while (end < chars.length && inWord(chars, end - 1) && inWord(chars, end)) end++;
    return [start, end];
  }

  // The DOM position (text node, UTF-16 offset) of a code point offset into an utterance's text.
  function domPoint(textEl, offset) {
    let piece = null;
    for (const candidate of textEl.querySelectorAll("[data-offset]")) {
      if (Number(candidate.dataset.offset) <= offset) piece = candidate;
    }
    const node = piece && piece.firstChild;
    if (!node) return null;
    const inside = Array.from(node.data).slice(0, offset - Number(piece.dataset.offset)).join("");
    return [node, inside.length];
  }

  // After a pointer selection, show the coder the words that will be quoted: the selection itself snaps. (Keyboard
  // selection is left alone, so Shift + arrows still moves one character at a time; the form snaps either way.)
  function snapSelection() {
    const span = currentSpan();
    if (!span || span.error) return;
    const from = domPoint(span.textEl, span.start);
    const to = domPoint(span.textEl, span.end);
    if (from && to) window.getSelection().setBaseAndExtent(from[0], from[1], to[0], to[1]);
  }

  function hide() {
    form.hidden = true;
  }

  function update() {
    const span = currentSpan();
    const quote = form.querySelector("[data-selection-quote]");
    const button = form.querySelector("button");
    if (!span) {
      // Tabbing to the Highlight button may collapse the selection: keep the form while it has focus.
      if (!form.contains(document.activeElement)) hide();
      return;
    }
    if (span.error) {
      quote.textContent = span.error;
      button.disabled = true;
    } else {
      form.elements.utterance.value = span.textEl.dataset.utterance;
      form.elements.start.value = span.start;
      form.elements.end.value = span.end;
      form.setAttribute("hx-target", "#u-" + span.textEl.dataset.utterance);
      quote.textContent = "“" + span.quote + "”";
      button.disabled = false;
    }
    // Right under the words, and next in tab order after them (moving it again would take its focus away).
    if (form.previousElementSibling !== span.textEl) span.textEl.after(form);
    form.hidden = false;
  }

  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      update();
    });
  }

  if (form) {
    const home = form.parentElement;
    document.addEventListener("selectionchange", schedule);
    document.addEventListener("mouseup", () => {
      snapSelection();
      schedule();
    });
    document.addEventListener("keyup", (event) => (event.key === "Escape" ? hide() : schedule()));
    // Pressing the button must not clear the selection it is about to send.
    form.addEventListener("mousedown", (event) => event.target.closest("button") && event.preventDefault());
    document.body.addEventListener("htmx:beforeSwap", (event) => {
      if (event.detail.target.contains(form)) home.append(form); // keep the form when its utterance is replaced
    });
    document.body.addEventListener("htmx:afterRequest", (event) => {
      if (event.detail.elt === form && event.detail.successful) {
        hide();
        window.getSelection().removeAllRanges();
      }
    });
  }

  // Keyboard selection without the browser's caret browsing: an utterance's text takes focus (Tab); arrows move a
  // caret, Shift + arrows select, Ctrl or Alt + arrows go word by word, Home and End to the ends of the line.
  const MOVES = {
    ArrowLeft: ["backward", "character"],
    ArrowRight: ["forward", "character"],
    ArrowUp: ["backward", "line"],
    ArrowDown: ["forward", "line"],
    Home: ["backward", "lineboundary"],
    End: ["forward", "lineboundary"],
  };
  const caret = document.createElement("span");
  caret.className = "coding-caret";
  caret.hidden = true;
  document.body.append(caret);

  function showCaret() {
    const selection = window.getSelection();
    const textEl = document.activeElement && document.activeElement.closest(".utterance-text");
    const inside = textEl && selection.rangeCount && textEl.contains(selection.focusNode);
    const rect = inside && selection.isCollapsed && selection.getRangeAt(0).getClientRects()[0];
    caret.hidden = !rect;
    if (rect) {
      caret.style.left = `${rect.left + window.scrollX}px`;
      caret.style.top = `${rect.top + window.scrollY}px`;
      caret.style.height = `${rect.height}px`;
    }
  }

  if (form) {
    document.addEventListener("keydown", (event) => {
      const textEl = event.target.closest && event.target.closest(".utterance-text");
      if (!textEl || !(event.key in MOVES) || event.metaKey) return;
      const selection = window.getSelection();
      if (!selection.rangeCount || !textEl.contains(selection.focusNode)) {
        selection.collapse(textEl.querySelector("[data-offset]").firstChild, 0);
      }
      const before = [selection.anchorNode, selection.anchorOffset, selection.focusNode, selection.focusOffset];
      let [direction, granularity] = MOVES[event.key];
      if ((event.ctrlKey || event.altKey) && granularity === "character") granularity = "word";
      selection.modify(event.shiftKey ? "extend" : "move", direction, granularity);
      if (!textEl.contains(selection.focusNode)) selection.setBaseAndExtent(...before); // stay in the utterance
      event.preventDefault();
    });
    document.addEventListener("selectionchange", showCaret);
    document.addEventListener("focusout", () => requestAnimationFrame(showCaret));
  }

  // Keep the keyboard where it was when htmx replaces an utterance (the new controls have the same ids).
  let focusedId = null;
  document.body.addEventListener("htmx:beforeSwap", () => {
    focusedId = document.activeElement && document.activeElement.id;
  });
  document.body.addEventListener("htmx:afterSettle", () => {
    const again = focusedId && document.getElementById(focusedId);
    if (again && again !== document.activeElement) again.focus();
  });

  // Pointing at (or tabbing into) a highlight's controls shows which words it marks.
  function activate(event, on) {
    const item = event.target.closest && event.target.closest(".highlight");
    if (!item) return;
    item.classList.toggle("is-active", on);
    for (const mark of document.querySelectorAll(`mark[data-highlights~="${item.dataset.highlight}"]`)) {
      mark.classList.toggle("is-active", on);
    }
  }
  document.addEventListener("mouseover", (event) => activate(event, true));
  document.addEventListener("mouseout", (event) => activate(event, false));
  document.addEventListener("focusin", (event) => activate(event, true));
  document.addEventListener("focusout", (event) => activate(event, false));
})();
