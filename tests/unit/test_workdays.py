"""Working-day time limits: public holidays, make-up working days, 补正 pauses, unannounced years."""

from datetime import date, timedelta

import pytest
from tongban.cases.calendar import Pause, Schedule, WorkCalendar, flag

CAL = WorkCalendar()


def test_national_day_2026_is_skipped_and_its_make_up_saturday_counts():
    # 2026: 1-7 October off; Sunday 20 September and Saturday 10 October are working days.
    assert CAL.workday(date(2026, 10, 5)) == (False, True)
    assert CAL.workday(date(2026, 10, 10)) == (True, True)
    # Accepted Tuesday 29 September: 30 Sep (1), 8 Oct (2), 9 Oct (3), Sat 10 Oct (4), 12 Oct (5).
    due = CAL.deadline(date(2026, 9, 29), 5)
    assert due.due == date(2026, 10, 12) and not due.provisional


def test_the_acceptance_day_is_not_counted():
    assert CAL.deadline(date(2026, 11, 2), 1).due == date(2026, 11, 3)
    assert CAL.deadline(date(2026, 11, 6), 1).due == date(2026, 11, 9)  # Friday → Monday
    assert CAL.deadline(date(2026, 11, 2), 0).due == date(2026, 11, 2)  # 即办: the same day


def test_across_2026_into_2027_is_provisional_without_a_schedule():
    # Accepted Thursday 24 December 2026, 10 working days. The library stops at 2026: the weekend
    # rule counts 1 January 2027 as a working day, and says the answer is a guess.
    d = CAL.deadline(date(2026, 12, 24), 10)
    assert d.due == date(2027, 1, 7) and d.provisional
    assert CAL.workday(date(2027, 1, 4)) == (True, False)


def test_an_entered_2027_schedule_takes_precedence_and_is_not_provisional():
    schedule = Schedule(days={date(2027, 1, 1): False}, years=frozenset({2027}))
    d = WorkCalendar(schedule).deadline(date(2026, 12, 24), 10)
    assert d.due == date(2027, 1, 8) and not d.provisional


def test_an_entered_day_overrides_the_library():
    # An administrator corrects a day the library knows (e.g. a local holiday decision).
    cal = WorkCalendar(Schedule(days={date(2026, 11, 3): False}, years=frozenset({2026})))
    assert cal.deadline(date(2026, 11, 2), 1).due == date(2026, 11, 4)


def test_a_supplement_request_pauses_the_clock():
    # Accepted Monday 2 November, 5 days: due Monday 9 November without a pause.
    assert CAL.deadline(date(2026, 11, 2), 5).due == date(2026, 11, 9)
    # 补正 asked on Wednesday 4 November (that day counts), answered Tuesday 10 November:
    # 3 Nov (1), 4 Nov (2), paused 5-10 Nov, 11 Nov (3), 12 Nov (4), 13 Nov (5).
    paused = CAL.deadline(date(2026, 11, 2), 5, [Pause(date(2026, 11, 4), date(2026, 11, 10))])
    assert paused.due == date(2026, 11, 13)


def test_an_open_pause_moves_the_deadline_until_today():
    pauses = [Pause(date(2026, 11, 4))]
    assert CAL.deadline(date(2026, 11, 2), 5, pauses, today=date(2026, 11, 10)).due == date(2026, 11, 13)
    assert CAL.deadline(date(2026, 11, 2), 5, pauses, today=date(2026, 11, 4)).due == date(2026, 11, 9)


@pytest.mark.parametrize(("today", "left", "expected"), [
    (date(2026, 11, 2), 5, "none"),
    (date(2026, 11, 5), 2, "warning"),   # 预警: two working days left
    (date(2026, 11, 9), 0, "warning"),   # the last day
    (date(2026, 11, 10), -1, "overdue"),  # 超期
])
def test_remaining_days_and_flags(today, left, expected):
    due = date(2026, 11, 9)
    assert CAL.remaining(today, due) == left
    assert flag(left, running=True) == expected
    assert flag(left, running=False) == "none"


def test_remaining_skips_holidays():
    # From 30 September to 12 October: 8, 9, 10 (Saturday make-up), 12 October.
    assert CAL.remaining(date(2026, 9, 30), date(2026, 10, 12)) == 4


def test_a_weekend_after_the_due_date_is_already_overdue():
    assert CAL.remaining(date(2026, 11, 14), date(2026, 11, 13)) == -1  # Saturday after a Friday


def test_the_library_is_asked_once_per_day(monkeypatch):
    # A queue page of long-overdue cases counts every working day since each due date; the library
    # checks every date against its whole table (slow), so its answer for a day is kept.
    import chinese_calendar
    from tongban.cases import calendar

    real, asked = chinese_calendar.is_workday, []
    monkeypatch.setattr(chinese_calendar, "is_workday", lambda day: asked.append(day) or real(day))
    calendar._library_workday.cache_clear()
    due, today = date(2025, 1, 2), date(2026, 11, 2)
    expected = -sum(1 for i in range(1, (today - due).days + 1) if real(due + timedelta(days=i)))
    assert [WorkCalendar().remaining(today, due) for _page in range(20)] == [expected] * 20
    assert len(asked) == len(set(asked)) == (today - due).days
    calendar._library_workday.cache_clear()
