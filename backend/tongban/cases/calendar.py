"""Working days for promised time limits (承诺时限), with Chinese public holidays and make-up days.

Which day is a working day, in order of precedence:
1. a day an administrator entered (table `workday_schedule`: the State Council's yearly notice on
   holiday arrangements, 国务院办公厅关于…部分节假日安排的通知, entered when it is published);
2. the maintained `chinese-calendar` library, which knows the years announced before its release
   (it raises NotImplementedError for later years);
3. a year an administrator has entered but that lists no exception for this day: Monday to Friday;
4. otherwise Monday to Friday, *provisionally*: the result is flagged so nobody mistakes a guess
   for a promise.

Counting follows the rule for periods in Chinese administrative law (《行政许可法》第八十二条: limits
count working days, holidays excluded; the day the period starts is not counted): day 1 is the first
working day after acceptance. During a supplement request (补正) the clock stops: a pause from
request day R to answer day A removes the days R < d <= A (the request day itself still counts).
Days are dates in China Standard Time (UTC+8, no daylight saving since 1991).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

import chinese_calendar

CST = timezone(timedelta(hours=8), "CST")
WARN_DAYS = 2  # 预警: this many working days left or fewer
MAX_SPAN_DAYS = 3 * 366  # a limit never runs longer than this: stops a bad input from looping for ever


def china_date(moment: datetime) -> date:
    """The calendar date in China of an instant (naive values are taken as UTC, as the database stores them)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(CST).date()


@dataclass(frozen=True)
class Schedule:
    """Days an administrator entered (date → is a working day) and the years they cover."""

    days: Mapping[date, bool] = field(default_factory=dict)
    years: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Pause:
    """The clock stopped after `start` (a 补正 request) until `end` (the answer), or until now if open."""

    start: date
    end: date | None = None


@dataclass(frozen=True)
class Deadline:
    due: date
    provisional: bool  # some day on the way was guessed (weekends only): no schedule known for its year


class WorkCalendar:
    def __init__(self, schedule: Schedule | None = None) -> None:
        self.schedule = schedule or Schedule()

    def workday(self, day: date) -> tuple[bool, bool]:
        """(is a working day, known) — known is False when only the weekend rule could answer."""
        entered = self.schedule.days.get(day)
        if entered is not None:
            return entered, True
        known = _library_workday(day)
        if known is not None:
            return known, True
        return day.weekday() < 5, day.year in self.schedule.years  # a year the library was released before

    def deadline(self, accepted: date, days: int, pauses: Sequence[Pause] = (), *,
                 today: date | None = None) -> Deadline:
        """The date by which a case accepted on `accepted` must be decided, `days` working days later."""
        paused = _paused_days(pauses, today or accepted)
        day, counted, provisional = accepted, 0, False
        limit = accepted + timedelta(days=MAX_SPAN_DAYS + len(paused))
        while counted < max(0, days) and day < limit:
            day += timedelta(days=1)
            if day in paused:
                continue
            working, known = self.workday(day)
            provisional = provisional or not known
            counted += working
        return Deadline(day, provisional)

    def remaining(self, today: date, due: date) -> int:
        """Working days left after today up to and including `due`; negative when past it (超期)."""
        if today > due:
            return -sum(1 for d in _days(due, today) if self.workday(d)[0]) or -1
        return sum(1 for d in _days(today, due) if self.workday(d)[0])


@lru_cache(maxsize=4096)
def _library_workday(day: date) -> bool | None:
    """chinese-calendar's answer, or None for a year it does not know. Kept per process: the library is
    fixed data, but every call checks the date against the range of its whole table (about 15 µs),
    and a queue page of overdue cases asks about every day since their due dates (bench/cases.py)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def _days(after: date, until: date) -> list[date]:
    """The days d with after < d <= until (bounded)."""
    span = min((until - after).days, MAX_SPAN_DAYS)
    return [after + timedelta(days=i) for i in range(1, span + 1)]


def _paused_days(pauses: Sequence[Pause], today: date) -> set[date]:
    out: set[date] = set()
    for pause in pauses:
        out.update(_days(pause.start, pause.end or max(today, pause.start)))
    return out


def flag(remaining: int | None, *, running: bool) -> str:
    """'overdue' (超期), 'warning' (预警) or 'none'; a clock that is not running is never flagged."""
    if remaining is None or not running:
        return "none"
    if remaining < 0:
        return "overdue"
    return "warning" if remaining <= WARN_DAYS else "none"
