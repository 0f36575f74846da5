// The admin page: the account list filters as you type (the search still works without this script), and the
// handover never offers the consultant the cases move from as the one they move to.
(function () {
  "use strict";
  var search = document.querySelector("input[data-filter]");
  var table = search && document.getElementById(search.getAttribute("data-filter"));
  if (table) {
    search.addEventListener("input", function () {
      var wanted = search.value.trim().toLowerCase();
      table.querySelectorAll("tbody tr").forEach(function (row) {
        row.hidden = wanted !== "" && row.textContent.toLowerCase().indexOf(wanted) === -1;
      });
    });
  }
  var from = document.getElementById("from");
  var to = document.getElementById("to");
  if (from && to) {
    var offer = function () {
      Array.prototype.forEach.call(to.options, function (option) {
        var own = option.value === from.value;
        option.disabled = own;
        option.hidden = own;
      });
      if (to.selectedOptions.length === 0 || to.selectedOptions[0].disabled) {
        var next = Array.prototype.find.call(to.options, function (option) { return !option.disabled; });
        if (next) { next.selected = true; }
      }
    };
    from.addEventListener("change", offer);
    offer();
  }
})();
