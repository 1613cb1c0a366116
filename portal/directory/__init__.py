"""The company directory: classifiers, companies, their search, the company card.

Where things are:
- routes: portal/blueprints/clients/ — views.py (the blueprint, the Clients API lists as
  class-based views, staff and get_user_company), companies.py (the search page
  `/clients/clients/` and the company card), directory_page.py (the public tree
  `/clients/directory/` and the search form's dependent selects);
- rules (plain functions, no request): listings.py (each list's query, filters and their
  400s), search/ (company search; `from portal.directory.search import search_companies`),
  text.py (normalising names and queries, the stored search key), filters.py (the search
  form's cascades and options), tree.py (the directory tree with company counts), card.py
  (the company card);
- what a page shows: pages.py (list resources, the search page's fields and outcome, select
  options) and labels.py (the Russian captions and links of the JSON keys);
- JSON shapes: serializers.py (the seed's keys); the OpenAPI description: portal/openapi/clients.py;
- models: portal/models/directory.py (it keeps each company's search key itself);
  the search indexes: migrations 0002_search, 0101_search_tsv, 0103_search_links,
  0104_link_word_counts;
- templates: portal/templates/clients/;
- tests: tests/test_api_clients.py, test_api_html.py, test_api_pagination.py,
  test_company_pages.py, test_search.py, test_search_index.py, test_search_links.py;
  speed: bench/search.py.

How a request flows: the view reads the query string (`page_request`, `request.args`), calls
a rule here (a listing's query, `pages.search_page`, `card.company_card`), which checks the
parameters (portal.errors: a 400 naming the field) and returns plain objects; the view hands
them to `portal.web.negotiation.negotiate`, which answers the serializer's JSON to API
clients, the template to browsers, or its fragment to htmx.

This package's own __init__ imports nothing: the Company model imports `text` from here.
"""
