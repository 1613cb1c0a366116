"""Webhooks: a company's endpoints get signed JSON events (`emit`) through the task queue.

- service: endpoints (register, enable, remove), `emit`, resending by hand;
- signing: the `X-Portal-Signature` header and the receiver's verification snippet;
- targets: which URLs may be called (SSRF rules) and one POST;
- delivery: attempts, backoff, disabling an endpoint that keeps failing.
"""
from portal.webhooks.service import EVENTS, emit

__all__ = ["EVENTS", "emit"]
