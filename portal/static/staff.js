// Staff pages: copy buttons and focus on a fresh result. 4xx answers are swapped by the
// page's one htmx policy (base.html); error pages are retargeted to the message area.
(function () {
  "use strict";

  document.addEventListener("htmx:afterSettle", function () {
    var result = document.querySelector("[data-autofocus]");
    if (result) {
      result.focus();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) {
      return;
    }
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) {
      return;
    }
    input.select();
    var done = function () {
      button.textContent = "Скопировано";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        document.execCommand("copy");
        done();
      });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
