"""Smart documents: catalogues, line items and documents as plain business functions.

The HTML views, the JSON views, the CLI and the PDF issuing code all call these modules;
none of them reads the Flask request.
"""
