"""Who may act for a company: ЭЦП verification, one-time challenges and codes, company proofs.

`signature` checks a CMS signature (NCALayer's attached CMS) over a server-issued challenge:
the signer's certificate chain up to the configured НУЦ РК roots, validity dates, revocation
(OCSP or CRL) and the certificate's role. `claiming` turns a verified proof into a seat.
"""
