"""Independent recurrence oracle for recurrence.test.ts: python-dateutil's rrule in wall time,
zoneinfo for the instants.

Reads a JSON list of cases on stdin, each {"appointment": AppointmentData, "fromMs", "toMs"},
and writes a JSON list of results, each {"window": [[startMs, endMs], ...] of the occurrences
overlapping [fromMs, toMs), "first": [startMs, endMs] or null, "last": the same, null when
there is no occurrence, or "never"}.

Instants use fold=0: an ambiguous wall time takes the earlier instant, and a wall time in a
gap takes the offset from before the gap, which moves it forward by the gap, as Temporal's
'compatible' does. dateutil yields DTSTART only when it matches the rule, and COUNT counts
only what it yields, as decisions.md asks.
"""
import json
import sys
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, FR, MO, MONTHLY, SA, SU, TH, TU, WE, WEEKLY, YEARLY, rrule

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
FREQUENCIES = {'Daily': DAILY, 'Weekly': WEEKLY, 'Monthly': MONTHLY, 'Yearly': YEARLY}
WEEKDAYS = {'Monday': MO, 'Tuesday': TU, 'Wednesday': WE, 'Thursday': TH, 'Friday': FR,
            'Saturday': SA, 'Sunday': SU}


def epoch_ms(wall, zone):
    return (wall.replace(tzinfo=zone, fold=0) - EPOCH) // timedelta(milliseconds=1)


def day_rule(day):
    """Exchange's month-end clamp: BYMONTHDAY=28,…,day;BYSETPOS=-1 for days past 28."""
    if day <= 28:
        return {'bymonthday': day}
    return {'bymonthday': list(range(28, day + 1)), 'bysetpos': -1}


def wall_starts(appointment):
    start = datetime.fromisoformat(appointment['startsAt'])
    recurrence = appointment['recurrence']
    if recurrence is None:
        return [start]
    # rrule drops DTSTART's microseconds; every occurrence keeps them.
    fraction = timedelta(microseconds=start.microsecond)
    return (wall + fraction for wall in rule(recurrence, start.replace(microsecond=0)))


def rule(recurrence, dtstart):
    pattern = recurrence['pattern']
    options = {}
    if pattern == 'Weekly':
        options['byweekday'] = [WEEKDAYS[day] for day in recurrence['daysOfWeek']]
    if pattern in ('Monthly', 'Yearly'):
        options.update(day_rule(recurrence['day']))
    if pattern == 'Yearly':
        options['bymonth'] = recurrence['month']
    if recurrence['endsOn'] is not None:
        options['until'] = datetime.combine(date.fromisoformat(recurrence['endsOn']), time.max)
    return rrule(FREQUENCIES[pattern], dtstart=dtstart, interval=recurrence['interval'], wkst=MO,
                 count=recurrence['count'], **options)


def occurrence_maker(appointment):
    zone = ZoneInfo(appointment['timeZone'])
    start = datetime.fromisoformat(appointment['startsAt'])
    end = datetime.fromisoformat(appointment['endsAt'])
    if appointment['allDayEvent']:
        days = (end.date() - start.date()).days + 1

        def all_day(wall):
            return [epoch_ms(datetime.combine(wall.date(), time()), zone),
                    epoch_ms(datetime.combine(wall.date() + timedelta(days=days), time()), zone)]
        return all_day
    duration = max(0, epoch_ms(end, zone) - epoch_ms(start, zone))

    def timed(wall):
        start_ms = epoch_ms(wall, zone)
        return [start_ms, start_ms + duration]
    return timed


def overlaps(occurrence, from_ms, to_ms):
    start_ms, end_ms = occurrence
    return start_ms < to_ms and (end_ms > from_ms or start_ms == end_ms == from_ms)


def expand(case):
    appointment = case['appointment']
    recurrence = appointment['recurrence']
    bounded = recurrence is None or recurrence['count'] is not None or recurrence['endsOn'] is not None
    make = occurrence_maker(appointment)
    window, first, last = [], None, None
    for wall in wall_starts(appointment):
        occurrence = make(wall)
        first = first or occurrence
        last = occurrence
        if occurrence[0] >= case['toMs'] and not bounded:
            break
        if overlaps(occurrence, case['fromMs'], case['toMs']):
            window.append(occurrence)
    return {'window': window, 'first': first, 'last': last if bounded else 'never'}


def main():
    json.dump([expand(case) for case in json.load(sys.stdin)], sys.stdout)


if __name__ == '__main__':
    main()
