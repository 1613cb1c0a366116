"""Period arithmetic of recurring schedules and the period placeholders (no database)."""
from datetime import date

from portal.chores import periods as p


def test_31st_becomes_the_last_day_of_shorter_months_and_comes_back():
    runs = p.runs_between(date(2026, 1, 1), 1, 31, False, None, date(2026, 6, 30))
    assert runs == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31),
                    date(2026, 6, 30)]


def test_february_of_a_leap_year_and_the_last_day_option():
    assert p.runs_between(date(2028, 1, 15), 1, 30, False, None, date(2028, 3, 31)) == [
        date(2028, 1, 30), date(2028, 2, 29), date(2028, 3, 30)]
    assert p.runs_between(date(2027, 1, 1), 1, 5, True, None, date(2027, 4, 30)) == [
        date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]


def test_start_after_the_day_begins_next_month_and_year_end_rolls_over():
    assert p.first_run(date(2026, 12, 10), 1, 5, False) == date(2027, 1, 5)
    assert p.first_run(date(2026, 12, 5), 1, 5, False) == date(2026, 12, 5)
    assert p.next_after(date(2026, 1, 5), 1, 5, False, date(2026, 12, 5)) == date(2027, 1, 5)


def test_every_n_months_quarterly_and_yearly():
    assert p.runs_between(date(2026, 1, 10), 2, 10, False, None, date(2026, 12, 31)) == [
        date(2026, m, 10) for m in (1, 3, 5, 7, 9, 11)]
    assert p.runs_between(date(2026, 1, 1), 3, 1, False, None, date(2027, 1, 1)) == [
        date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1), date(2027, 1, 1)]
    assert p.runs_between(date(2024, 2, 29), 12, 29, False, None, date(2028, 12, 31)) == [
        date(2024, 2, 29), date(2025, 2, 28), date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29)]


def test_end_date_stops_the_schedule():
    assert p.runs_between(date(2026, 1, 1), 1, 15, False, None, date(2030, 1, 1), end=date(2026, 3, 15)) == [
        date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15)]
    assert p.next_after(date(2026, 1, 1), 1, 15, False, date(2026, 3, 15), end=date(2026, 4, 14)) is None
    assert p.next_after(date(2026, 1, 1), 1, 15, False, date(2026, 3, 15), end=date(2026, 4, 15)) == date(2026, 4, 15)


def test_after_excludes_periods_already_run():
    assert p.runs_between(date(2026, 1, 31), 1, 31, False, date(2026, 2, 28), date(2026, 4, 30)) == [
        date(2026, 3, 31), date(2026, 4, 30)]
    assert p.upcoming(date(2026, 1, 31), 1, 31, False, date(2026, 1, 31), None, 3) == [
        date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_placeholders_in_russian():
    run = date(2026, 11, 5)
    assert p.fill("Аренда офиса {период}", run, 1) == "Аренда офиса за ноябрь 2026"
    assert p.fill("Оплатить до 10 {месяца} {год}", run, 1) == "Оплатить до 10 ноября 2026"
    assert p.fill("Обслуживание {период}", date(2026, 10, 1), 3) == "Обслуживание за 4 квартал 2026"
    assert p.fill("Лицензия {период}", date(2026, 1, 1), 12) == "Лицензия за 2026 год"
    assert p.fill("Сопровождение {период}", date(2026, 12, 1), 2) == "Сопровождение за декабрь 2026 – январь 2027"
    assert p.fill("Қызмет {месяц}, {дата}, {квартал}, {следующий_месяц}", date(2026, 12, 1), 1) == (
        "Қызмет декабрь, 01.12.2026, 4, январь")
    assert p.fill("{неизвестно} остаётся", run, 1) == "{неизвестно} остаётся"
