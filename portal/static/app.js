// Small progressive enhancements; the portal works without them.
// Kept out of the page so the Content-Security-Policy needs no 'unsafe-inline'.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// The builder's «Удалить строку…» list: after a line is removed from it, focus goes back to the
// list (or to the item picker when no line is left) instead of dropping to <body>.
document.addEventListener("htmx:afterSettle", function (event) {
  var from = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!from || !from.hasAttribute("data-sd-remove")) return;
  var next = document.querySelector("#sd-lines .sd-remove summary") || document.getElementById("sd-new-item");
  if (next) next.focus();
});

// A sub-menu that scrolls sideways (phones) opens scrolled to its current tab, not to the first one.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".sd-tabs").forEach(function (strip) {
    var active = strip.querySelector(".is-active");
    if (active && strip.scrollWidth > strip.clientWidth) {
      strip.scrollLeft = active.offsetLeft - strip.offsetLeft - (strip.clientWidth - active.offsetWidth) / 2;
    }
    // Scrolled away from the start: the left edge fades too (tabs are hidden that way).
    var mark = function () { strip.classList.toggle("is-scrolled", strip.scrollLeft > 4); };
    strip.addEventListener("scroll", mark, {passive: true});
    mark();
  });
});
