"""The search page in a real Chromium: live search without page loads, cascading filters,
keyboard-only use, and screenshots of the search page and the company card."""
import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.models import CompanyType, District, Email, Locality, PhoneNumber, Rubric, Section, SubSection
from tests.browser.conftest import DESKTOP, PHONE, browser_login
from tests.test_search import make_company


@pytest.fixture
def app_config():
    """Directory counts are cached in production; each test here has its own directory."""
    return {"DIRECTORY_CACHE_SECONDS": 0}


@pytest.fixture
def catalogue(app, company):
    """Sections, rubrics, districts and a dozen companies to look through."""
    build = Section(section="Строительство")
    food = Section(section="Продукты")
    materials = SubSection(sub_section="Материалы", section=build)
    works = SubSection(sub_section="Ремонт", section=build)
    sweets = SubSection(sub_section="Кондитерские изделия", section=food)
    cement = Rubric(rubric="Цемент", sub_section=materials)
    repair = Rubric(rubric="Отделочные работы", sub_section=works)
    cakes = Rubric(rubric="Торты", sub_section=sweets)
    kaskelen = Locality(locality="Каскелен")
    centre = District(district="Центр", locality=kaskelen)
    plant, depot = CompanyType(type="завод"), CompanyType(type="склад")
    db.session.add_all([build, food, materials, works, sweets, cement, repair, cakes, kaskelen, centre, plant, depot])
    db.session.commit()
    made = {
        "cement": make_company('ТОО "ЦЕМЕНТ ТРАНЗИТ СЕРВИС"', rubrics=[cement], locality=kaskelen, district=centre,
                               web_site_ex="cement.kz", company_name_ex="Цемент Транзит Сервис", types=[plant]),
        "repair": make_company('ТОО "ҚАЙРАТ РЕМОНТ"', rubrics=[repair], oked="43341",
                               description="Малярные и стекольные работы"),
        "cakes": make_company("ИП ТОРТЫ ОТ АЙГУЛЬ", rubrics=[cakes], oked="10711",
                              description="Производство хлеба, свежих кондитерских изделий"),
    }
    for n, word in enumerate(["АЛМАТЫ", "АСТАНА", "ШЫМКЕНТ", "АТЫРАУ", "АКТОБЕ", "ТАРАЗ", "КОСТАНАЙ"]):
        made[word] = make_company(f'ТОО "{word} ТРАНЗИТ ЛОГИСТИК"', rubrics=[cement] if n % 2 else [repair],
                                  types=[depot] if n % 2 else [])
    db.session.add_all([
        PhoneNumber(phone_number="+7(727)382-15-31", company=made["cement"]),
        PhoneNumber(phone_number="+7(701)725-36-93", company=made["cement"]),
        Email(email="info@cement.kz", company=made["cement"]),
    ])
    db.session.commit()
    return made


def _results_text(page) -> str:
    """The found companies' text, without the «Возможно, вы искали» suggestions (a few matches bring them)."""
    return page.evaluate("""() => { const copy = document.querySelector('#results').cloneNode(true);
        copy.querySelectorAll('.results-similar').forEach(n => n.remove()); return copy.innerText; }""")


def test_live_search_updates_without_a_page_load(page, director, catalogue, screenshot):
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/clients/clients/")
    page.evaluate("window.__samePage = 'yes'")
    page.fill("#q", "транзит серв цем")
    expect(page.locator("#results")).to_contain_text("Найдено: 1 ")
    assert "ЦЕМЕНТ ТРАНЗИТ СЕРВИС" in _results_text(page) and "АСТАНА" not in _results_text(page)
    assert page.evaluate("window.__samePage") == "yes"
    page.wait_for_url("**/clients/clients/?search=*")
    assert "search=%D1%82%D1%80%D0%B0%D0%BD%D0%B7%D0%B8%D1%82+%D1%81%D0%B5%D1%80%D0%B2" in page.url
    page.fill("#q", "қайрат")
    expect(page.locator("#results")).to_contain_text("ҚАЙРАТ РЕМОНТ")
    assert page.evaluate("window.__samePage") == "yes"
    # The pushed URL loads as a full page with the same results.
    page.reload()
    assert page.input_value("#q") == "қайрат" and "ҚАЙРАТ РЕМОНТ" in _results_text(page)


def _choose_cement_rubric(page) -> None:
    """Section → sub-section → rubric, each select waiting for the options its parent brings."""
    page.select_option("#f-section", label="Строительство")
    expect(page.locator("#f-sub_section option")).to_have_count(3)
    page.select_option("#f-sub_section", label="Материалы")
    expect(page.locator("#f-rubric option", has_text="Цемент")).to_have_count(1)
    page.select_option("#f-rubric", label="Цемент")


def test_cascading_filters(page, director, catalogue):
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/clients/clients/?search=транзит")
    page.evaluate("window.__samePage = 'yes'")
    assert page.locator("#f-sub_section option").count() == 1
    _choose_cement_rubric(page)
    expect(page.locator("#results")).to_contain_text("Найдено: 4 ")
    assert "ЦЕМЕНТ ТРАНЗИТ СЕРВИС" in _results_text(page) and "АЛМАТЫ" not in _results_text(page)
    # Changing the section empties the dependent selects and their filters.
    page.select_option("#f-section", label="Продукты")
    expect(page.locator("#f-sub_section option", has_text="Кондитерские изделия")).to_have_count(1)
    expect(page.locator("#f-rubric option")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Ничего не найдено")
    assert "sub_section" not in page.url and "rubric" not in page.url
    page.select_option("#f-locality", label="Каскелен")
    expect(page.locator("#f-district option", has_text="Центр")).to_have_count(1)
    assert page.evaluate("window.__samePage") == "yes"


def test_type_filter_offers_the_rubrics_types(page, director, catalogue):
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/clients/clients/?search=транзит")
    assert page.locator("#f-type option").count() == 1
    _choose_cement_rubric(page)
    expect(page.locator("#f-type option")).to_have_count(3)  # «Все», завод, склад
    expect(page.locator("#results")).to_contain_text("Найдено: 4 ")
    page.select_option("#f-type", label="завод")
    expect(page.locator("#results")).to_contain_text("Найдено: 1 ")
    assert "ЦЕМЕНТ ТРАНЗИТ СЕРВИС" in _results_text(page)
    page.wait_for_url("**type=*")
    # Another rubric: its types replace the list and the chosen type goes.
    page.select_option("#f-sub_section", label="Ремонт")
    expect(page.locator("#f-type option")).to_have_count(1)
    expect(page.locator("#results")).not_to_contain_text("Найдено: 1 ")
    assert "type=" not in page.url


def test_keyboard_only_search_opens_the_card(page, director, catalogue):
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/clients/clients/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("цемент")
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_contain_text("Найдено: 1 ")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.result__name')"):
            break
    assert page.evaluate("document.activeElement.textContent") == 'ТОО "ЦЕМЕНТ ТРАНЗИТ СЕРВИС"'
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/clients/clients/{catalogue['cement'].public_id}/")
    assert page.locator("h1").inner_text() == 'ТОО "ЦЕМЕНТ ТРАНЗИТ СЕРВИС"'


def test_works_without_javascript(browser, live_server, director, catalogue):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    tab = context.new_page()
    tab.base = live_server
    try:
        browser_login(tab, "director@test.kz", "director-pass")
        tab.goto(live_server + "/clients/clients/")
        tab.fill("#q", "торты")
        tab.click("#search-form button[type=submit]")
        tab.wait_for_url("**search=*")
        assert "ИП ТОРТЫ ОТ АЙГУЛЬ" in tab.inner_text("#results")
    finally:
        context.close()


def test_screenshots_of_search_and_company_pages(page, director, catalogue, screenshot):
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/clients/clients/?search=транзит")
    screenshot(page, "search-desktop", DESKTOP)
    screenshot(page, "search-phone", PHONE)
    page.set_viewport_size(DESKTOP)
    page.goto(page.base + "/clients/clients/?search=несуществующее")
    screenshot(page, "search-empty-desktop", DESKTOP)
    page.goto(page.base + f"/clients/clients/{catalogue['cement'].public_id}/")
    assert page.locator("text=Выставить документ").is_visible()
    screenshot(page, "company-desktop", DESKTOP)
    screenshot(page, "company-phone", PHONE)
    page.set_viewport_size(DESKTOP)
    page.goto(page.base + "/clients/directory/")
    page.click("summary:has-text('Материалы')")
    screenshot(page, "directory-desktop", DESKTOP)
    screenshot(page, "directory-phone", PHONE)
