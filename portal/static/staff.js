// Staff pages: copy buttons, focus on a fresh result, and htmx swaps of 4xx answers
// (a form with errors comes back as 400 and must replace the panel so the messages show).
(function () {
  "use strict";

  // Only the staff panel itself may replace the panel; an error page (CSRF, 500) never does.
  function isPanel(xhr) {
    var body = xhr.responseText || "";
    return body.indexOf('id="staff-panel"') !== -1 && body.indexOf("<html") === -1;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status >= 400 && status < 500 && event.detail.elt.closest("[data-swap-errors]") && isPanel(event.detail.xhr)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Anything else that failed is said in the panel, so a click never silently does nothing.
  document.addEventListener("htmx:responseError", function (event) {
    var panel = event.detail.elt.closest("[data-swap-errors]");
    if (!panel || isPanel(event.detail.xhr)) {
      return;
    }
    var note = document.createElement("div");
    note.className = "flash flash--error";
    note.setAttribute("role", "alert");
    note.textContent = "Не удалось выполнить действие (код " + event.detail.xhr.status + "). Обновите страницу и попробуйте ещё раз.";
    panel.insertBefore(note, panel.firstChild);
  });

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
