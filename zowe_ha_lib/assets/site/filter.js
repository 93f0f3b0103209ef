/* Filter the change records on the index page. Plain JavaScript with no
   dependencies, so it works from file:// and with no network. Without
   JavaScript the filter stays hidden and every record is listed. */
(function () {
  "use strict";
  var box = document.getElementById("filter");
  var table = document.getElementById("records");
  if (!box || !table) { return; }
  var text = document.getElementById("filter-text");
  var outcome = document.getElementById("filter-outcome");
  var signoff = document.getElementById("filter-signoff");
  var count = document.getElementById("filter-count");
  var empty = document.getElementById("filter-empty");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);

  function apply() {
    var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var hay = row.getAttribute("data-search") || "";
      var ok = words.every(function (w) { return hay.indexOf(w) !== -1; }) &&
        (!outcome.value || row.getAttribute("data-outcome") === outcome.value) &&
        (!signoff.value || row.getAttribute("data-signoff") === signoff.value);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = "Showing " + shown + " of " + rows.length + " change records.";
    empty.hidden = shown !== 0;
  }

  text.addEventListener("input", apply);
  outcome.addEventListener("change", apply);
  signoff.addEventListener("change", apply);
  box.hidden = false;
  apply();
}());
