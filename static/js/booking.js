// Booking pages. Everything here only improves a page that works without it: the zone list is a plain select with
// a "Show times" button, the clock and language switches are plain links.
(function () {
  "use strict";

  // First visit: show times in the browser's own zone and clock. The server cannot know them; the browser can.
  // The server turns old zone names (Asia/Calcutta) into today's, and says so when it does not know a zone.
  var select = document.querySelector("#zone[data-zone-auto], #zone[data-clock-auto]");
  if (select) {
    var params = new URLSearchParams(window.location.search);
    var changed = false;
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      zone = "";
    }
    if (select.hasAttribute("data-zone-auto") && zone && zone !== select.value) {
      params.set("tz", zone);
      changed = true;
    }
    var shown = select.getAttribute("data-clock-auto");
    if (shown) {
      var cycle = "";
      try {
        cycle = new Intl.DateTimeFormat(undefined, { hour: "numeric" }).resolvedOptions().hourCycle || "";
      } catch (e) {
        cycle = "";
      }
      var clock = cycle === "h11" || cycle === "h12" ? "12" : cycle ? "24" : "";
      if (clock && clock !== shown) {
        params.set("clock", clock);
        changed = true;
      }
    }
    if (changed) {
      window.location.replace(window.location.pathname + "?" + params.toString() + window.location.hash);
      return;
    }
  }
})();

// A search box above the zone list: typing "chic" or "berlin" leaves the matching zones, and picks the first.
// Added again whenever htmx swaps in a new picker.
function addZoneSearch() {
  "use strict";
  var form = document.querySelector("[data-zone-form]");
  var select = form && form.querySelector("select");
  if (!select || form.querySelector("input[type=search]")) return;
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var groups = Array.prototype.map.call(select.querySelectorAll("optgroup"), function (group) {
    return {
      group: group,
      options: Array.prototype.map.call(group.querySelectorAll("option"), function (option) {
        return { option: option, text: fold(option.textContent + " " + (option.getAttribute("data-search") || "")) };
      }),
    };
  });
  var search = document.createElement("input");
  search.type = "search";
  search.id = "zone-search";
  search.setAttribute("autocomplete", "off");
  search.setAttribute("aria-controls", "zone");
  search.setAttribute("aria-label", form.getAttribute("data-search-label"));
  search.placeholder = form.getAttribute("data-search-label");
  select.parentNode.parentNode.insertBefore(search, select.parentNode);
  search.addEventListener("input", function () {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var first = null;
    var chosenVisible = false;
    groups.forEach(function (entry) {
      // Rebuilt rather than hidden: phones ignore `hidden` on options in their native pickers.
      entry.options.forEach(function (item) {
        var match = words.every(function (word) { return item.text.indexOf(word) !== -1; });
        if (match) {
          entry.group.appendChild(item.option);
          if (!first) first = item.option;
          if (item.option.selected) chosenVisible = true;
        } else if (item.option.parentNode) {
          item.option.parentNode.removeChild(item.option);
        }
      });
    });
    if (first && !chosenVisible) first.selected = true;
  });
}
addZoneSearch();

// The language links keep the address the page is at now (htmx moves it as days and times are picked).
document.addEventListener("click", function (event) {
  "use strict";
  var link = event.target.closest && event.target.closest("[data-languages] a[data-lang]");
  if (!link) return;
  var params = new URLSearchParams(window.location.search);
  params.set("lang", link.getAttribute("data-lang"));
  link.href = window.location.pathname + "?" + params.toString();
});

// After htmx swaps in another day's times (or the days), move focus there so keyboard and screen reader users
// continue where the content changed instead of at the top of the page.
document.addEventListener("htmx:afterSwap", function (event) {
  "use strict";
  var elt = event.detail && event.detail.elt;
  if (!elt || !elt.closest || !elt.closest("#picker, .picker")) return;
  addZoneSearch();
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
