"""The lean user-agent stylesheet of printed forms covers every element the templates use."""
import re
from pathlib import Path

PDF_TEMPLATES = Path(__file__).resolve().parents[1] / "portal" / "templates" / "pdf"
# Elements the HTML5 user-agent sheet gives no rule: CSS initial values (inline) are theirs.
NO_RULES_NEEDED = {"span"}


def _selectors_mention(css: str, tag: str) -> bool:
    selectors = " ".join(re.findall(r"([^{}]+)\{", re.sub(r"/\*.*?\*/", "", css, flags=re.S)))
    return re.search(rf"(?<![\w.#-]){tag}(?![\w-])", selectors) is not None


def test_every_element_of_the_pdf_templates_has_its_user_agent_rules():
    css = (PDF_TEMPLATES / "ua.css").read_text()
    used = set()
    for template in PDF_TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"<([a-z][a-z0-9]*)\b", template.read_text()))
    missing = sorted(tag for tag in used if tag not in NO_RULES_NEEDED and not _selectors_mention(css, tag))
    assert used >= {"table", "td", "th", "p", "h1", "img"}
    assert not missing, f"add the HTML5 user-agent rules of {missing} to pdf/ua.css"


def test_the_check_notices_an_element_without_rules():
    assert not _selectors_mention("td, th { display: table-cell }", "ul")
    assert _selectors_mention("html, body { display: block }", "body")
    assert not _selectors_mention(".tbody { color: red }", "tbody")
