// The ОКЭД filter searches when the code is whole enough to mean something (2 to 5 digits, or
// cleared), so a person typing «4» on the way to «46» never sees «2–5 цифр» flash up.
// Blur and Enter still send whatever was typed (the form's change/submit), and the server
// still checks it.
(function () {
  var timer = null;
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field || field.id !== "f-oked") return;
    window.clearTimeout(timer);
    var value = field.value.trim();
    if (value !== "" && !/^\d{2,5}$/.test(value)) return;
    timer = window.setTimeout(function () {
      field.dispatchEvent(new CustomEvent("oked-ready", { bubbles: true }));
    }, 400);
  });
})();
