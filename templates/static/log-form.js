// The weekly log form: "use last week's hours" fills the two hour fields at once, without a round trip. Without
// this script the button posts the form, and the page comes back with the hours filled in and nothing saved.
(function () {
  var button = document.getElementById("use-previous-hours");
  var status = document.getElementById("previous-hours-status");
  if (!button) {
    return;
  }
  // A plain button: Enter in a field still saves the week instead of refilling the hours.
  button.type = "button";
  button.addEventListener("click", function () {
    document.getElementById("placement_hours").value = button.dataset.placementHours;
    document.getElementById("ordinary_hours").value = button.dataset.ordinaryHours;
    if (status) {
      status.textContent = status.dataset.filled;
    }
  });
})();
