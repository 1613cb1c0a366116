// /docs/: Redoc renders /openapi.json into #redoc. Initialised here rather than by a <redoc>
// tag so that Redoc's telemetry (to an outside host, which the CSP refuses anyway) is off.
//
// Redoc's search (FlexSearch) decides whether to index in a worker by compiling the worker's
// source with Function(): the CSP has no unsafe-eval, so that is refused, reported as a CSP
// violation, and the search falls back to indexing in the page. With no Worker in sight it takes
// the same fallback without the refused attempt. Hidden before Redoc's module is evaluated,
// hence the dynamic import (a static one would run Redoc first).
Object.defineProperty(window, "Worker", { value: undefined, configurable: true });
const { init } = await import("./vendor/redoc/redoc.standalone.js");

const target = document.getElementById("redoc");
init(target.dataset.specUrl, { disableTelemetry: true, hideDownloadButtons: false }, target);
