"""Staffing: who works for which company, how people get in, and what the staff pages show.

Where things are
- Rules (plain functions, no Flask request objects; the views, the CLI and the demo data call
  them): `service.py` (`staff_of`, the caller's position that every area asks; who may manage,
  role changes, removal, accounts with a temporary password), `claims.py` (claiming a company
  by BIN, join requests), `invites.py` (invite links), `accounts.py` (passwords, registration,
  API tokens). They raise `portal.errors` (ApiError, ValidationFailed), never HTTP answers.
- What a page shows: `pages.py`, one builder per page and its JSON twin.
- JSON shapes: `serializers.py` (also used by the dashboard).
- Models: `portal/models/staffing.py` (Staff, CompanyClaim, JoinRequest, Invite) and
  `portal/models/accounts.py` (User, ApiToken).
- Routes: `portal/blueprints/staff/` (`views.py`: /staff/ and its management actions;
  `joining.py`: /staff/claim/ and the invite links /staff/join/<token>/; `forms.py`: the shape
  of what was typed), login and tokens in `portal/blueprints/auth/`. The temporary-password
  guard is an app-wide hook, `portal/web/password_guard.py`.
- Templates: `portal/templates/staff/` (`home.html` includes the `_panel.html` htmx fragment;
  `claim.html`, `invite.html`); browser code in `portal/static/staff.js`.
- Tests: `tests/test_staff.py`, `test_staff_claims.py`, `test_staff_invites.py`,
  `test_staff_password.py`, `test_auth.py`, `tests/browser/test_staff_browser.py`.

How a request flows
A view binds its form (which checks shape only), finds the caller's position with
`staff_of`, and calls one rule here, which commits or raises. The view then answers the one
way writes answer (`portal.web.answers`): JSON for API clients, the refreshed `_panel.html`
for htmx, or a flash and a redirect for a plain form post; a refusal is shown in the panel or
the re-shown form, or raised for the error handlers to shape. Reads go through `pages.py`
and `portal.web.negotiation.negotiate`, which renders the page, its fragment or its JSON.
"""
