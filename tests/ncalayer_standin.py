"""A stand-in NCALayer: a WebSocket server speaking NCALayer's JSON as ncalayer-js-client sends it.

On connect it greets with `{"result": {"version": …}}`; `kz.digiflow.mobile.extensions`
(KAZTOKEN detection) answers a commonUtils error, as plain NCALayer does; `kz.gov.pki.knca.basics`
`sign` with format `cms` signs the Base64-decoded data (attached CMS) with the test key and
answers `{"status": true, "body": {"result": [<Base64 CMS>]}}`. `requests` keeps what it got.
Test-only; plain ws:// on 127.0.0.1 (the page is http://127.0.0.1, so no TLS is needed).
"""
import base64
import json
import threading

from websockets.sync.server import serve


class StandIn:
    """The stand-in on a free port; `signer` is the key the «user» picks in NCALayer's window."""

    def __init__(self):
        self.signer = None
        self.requests: list[dict] = []
        self.server = serve(self._session, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _session(self, websocket) -> None:
        """One page's connection."""
        websocket.send(json.dumps({"result": {"version": "1.4.0-standin"}}))
        for raw in websocket:
            request = json.loads(raw)
            self.requests.append(request)
            websocket.send(json.dumps(self._answer(request)))

    def _answer(self, request: dict) -> dict:
        """NCALayer's answer to one request."""
        if request.get("module") == "kz.gov.pki.knca.basics" and request.get("method") == "sign":
            args = request.get("args") or {}
            if args.get("format") != "cms" or self.signer is None:
                return {"status": False, "code": "500", "message": "Недоступно", "details": "stand-in"}
            blocks = args["data"] if isinstance(args["data"], list) else [args["data"]]
            decode = (args.get("signingParams") or {}).get("decode", True)
            signed = [self.signer.sign(base64.b64decode(block) if decode else block.encode()) for block in blocks]
            return {"status": True, "body": {"result": signed}}
        return {"code": "500", "message": f"Модуль {request.get('module')} не найден"}

    def close(self) -> None:
        """Stop listening."""
        self.server.shutdown()
        self.thread.join(timeout=5)
