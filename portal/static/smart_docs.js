// Smart documents: let htmx show validation answers (400) and refusals (409) in place.
// htmx leaves 4xx responses unswapped by default; forms and buttons marked data-sd-errors
// get the fragment the server rendered with the messages beside the fields.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  if (status !== 400 && status !== 409) {
    return;
  }
  var config = event.detail.requestConfig || {};
  var source = config.elt || event.detail.elt;
  if (source && source.closest && source.closest("[data-sd-errors]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
