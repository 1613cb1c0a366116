// Small progressive enhancements; the portal works without them.
// Kept out of the page so the Content-Security-Policy needs no 'unsafe-inline'.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
