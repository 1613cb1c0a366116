"""Issued documents: numbering, PDF rendering, QR codes, verification, sharing and e-mail.

Plain business functions: the JSON views, the pages and the benchmark call them; none of
them reads the Flask request (the base URL a QR code points at is passed in).
"""
