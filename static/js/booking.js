// Booking pages: show times in the participant's own zone. The server cannot know it; the browser can. Without
// JavaScript the page keeps its default zone and the participant picks theirs from the list.
(function () {
  "use strict";
  var select = document.querySelector("[data-zone-auto]");
  if (!select) return;
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone || zone === select.value) return;
  var known = Array.prototype.some.call(select.options, function (option) { return option.value === zone; });
  if (!known) return;
  var params = new URLSearchParams(window.location.search);
  params.set("tz", zone);
  window.location.replace(window.location.pathname + "?" + params.toString() + window.location.hash);
})();

// After htmx swaps in another day's times (or the days), move focus there so keyboard and screen reader users
// continue where the content changed instead of at the top of the page.
document.addEventListener("htmx:afterSwap", function (event) {
  "use strict";
  var elt = event.detail && event.detail.elt;
  if (!elt || !elt.closest || !elt.closest("#picker, .picker")) return;
  var target = document.getElementById("times") || document.getElementById("days-heading");
  if (!target) return;
  target.setAttribute("tabindex", "-1");
  target.focus();
});

// A form sent back with errors: start at the first field to fix (the summary above it is announced as an alert).
(function () {
  "use strict";
  var invalid = document.querySelector('.book-form [aria-invalid="true"]');
  if (invalid) invalid.focus();
})();
