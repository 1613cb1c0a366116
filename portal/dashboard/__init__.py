"""The home page's area: a landing page for visitors, the company at a glance for staff.

- routes: `portal/blueprints/dashboard/views.py` (`GET /`, HTML and JSON at the same path);
- what the page shows: `pages.dashboard_data` (market data, documents and staff come from
  their own areas' services); its JSON twin: `serializers.dashboard_json`;
- templates: `portal/templates/dashboard/`; tests: `tests/test_dashboard.py`,
  `tests/browser/test_dashboard_browser.py`.
"""
