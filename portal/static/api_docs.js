// /docs/: Redoc renders /openapi.json into #redoc. Initialised here rather than by a <redoc>
// tag so that Redoc's telemetry (to an outside host, which the CSP refuses anyway) is off.
import { init } from "./vendor/redoc/redoc.standalone.js";

const target = document.getElementById("redoc");
init(target.dataset.specUrl, { disableTelemetry: true, hideDownloadButtons: false }, target);
