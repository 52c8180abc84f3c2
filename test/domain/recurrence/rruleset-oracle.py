"""Independent oracle for a series with exceptions, for
test/http/list-occurrences-exceptions-dateutil.test.ts: python-dateutil's rruleset (the series'
rrule, an exdate for every cancelled or changed occurrence) plus the changed occurrences as an
explicit list at their new times, zoneinfo for the instants.

The changed occurrences are a list beside the rruleset, not its rdates: an rruleset yields
each wall time once, and a moved occurrence may land on another's time (or two on one).

Reads a JSON list of cases on stdin, each {"appointment": AppointmentData without exceptions,
"changes": the occurrence requests in the order they were sent, each {"originalDate":
"YYYY-MM-DD", "cancel": true} or {"originalDate", "subject"?, "startsAt"?, "endsAt"?} (wall
times as sent), "windows": [[fromMs, toMs], ...]} and writes, per case, per window, the
occurrences overlapping it, each {"occurrenceId", "subject", "startsAt", "endsAt",
"originalStartsAt"} as the listing writes them, sorted by start, then series date.

The requests are read as the API documents them: each PUT replaces what an earlier one said
about its date, a field left out keeps the series' value, a new start alone keeps the
series' exact elapsed length (all day: its number of days), unless that end's wall time reads
back as another instant (the second pass through an autumn hour): then its wall-clock length.
Wall times resolve as test/domain/recurrence/rrule-oracle.py resolves them (fold=0: a time in a gap
moves forward by the gap, an ambiguous one takes the earlier offset); its rule and
occurrence functions are used as they are.
"""
import importlib.util
import json
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.rrule import rruleset

_spec = importlib.util.spec_from_file_location('rrule_oracle', Path(__file__).with_name('rrule-oracle.py'))
rrule_oracle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rrule_oracle)

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def exceptions_of(appointment, changes):
    """{date: None (cancelled) or {"subject", "start", "end"} (wall times)}.

    A change that gives back the series' own values is kept here as one: it lists the same.
    """
    start = datetime.fromisoformat(appointment['startsAt'])
    duration = datetime.fromisoformat(appointment['endsAt']) - start
    exceptions = {}
    for change in changes:
        day = date.fromisoformat(change['originalDate'])
        if change.get('cancel'):
            exceptions[day] = None
            continue
        original = datetime.combine(day, start.time())
        new_start = wall_of(change.get('startsAt'), appointment) or original
        new_end = wall_of(change.get('endsAt'), appointment) or kept_end(new_start, appointment, duration)
        exceptions[day] = {'subject': change.get('subject', appointment['subject']), 'start': new_start, 'end': new_end}
    return exceptions


def kept_end(new_start, appointment, duration):
    if appointment['allDayEvent']:
        return new_start + duration
    zone = ZoneInfo(appointment['timeZone'])
    elapsed = (rrule_oracle.epoch_ms(datetime.fromisoformat(appointment['endsAt']), zone)
               - rrule_oracle.epoch_ms(datetime.fromisoformat(appointment['startsAt']), zone))
    end_ms = rrule_oracle.epoch_ms(new_start, zone) + max(elapsed, 0)
    end = (EPOCH + timedelta(milliseconds=end_ms)).astimezone(zone).replace(tzinfo=None)
    return end if rrule_oracle.epoch_ms(end, zone) == end_ms else new_start + duration


def wall_of(text, appointment):
    if text is None:
        return None
    wall = datetime.fromisoformat(text)
    return datetime.combine(wall.date(), time()) if appointment['allDayEvent'] else wall


def occurrences(appointment, exceptions, until_ms):
    """(startMs, endMs, series date, subject, original startMs), every one starting before until_ms."""
    zone = ZoneInfo(appointment['timeZone'])
    start = datetime.fromisoformat(appointment['startsAt'])
    series = rruleset()
    series.rrule(rrule_oracle.rule(appointment['recurrence'], start.replace(microsecond=0)))
    for day in exceptions:
        series.exdate(datetime.combine(day, start.time()))
    make = rrule_oracle.occurrence_maker(appointment)
    # A wall time is at most a day from its instant in any zone.
    limit = (EPOCH + timedelta(milliseconds=until_ms)).replace(tzinfo=None) + timedelta(days=2)
    found = []
    for wall in series:
        if wall > limit:
            break
        start_ms, end_ms = make(wall)
        found.append((start_ms, end_ms, wall.date(), appointment['subject'], start_ms))
    for day, changed in exceptions.items():
        if changed is None:
            continue
        moved = {**appointment, 'startsAt': changed['start'].isoformat(),
                 'endsAt': changed['end'].isoformat()}
        start_ms, end_ms = rrule_oracle.occurrence_maker(moved)(changed['start'])
        original_ms = make(datetime.combine(day, start.time()))[0]
        found.append((start_ms, end_ms, day, changed['subject'], original_ms))
    found.sort(key=lambda item: (item[0], item[2]))
    return found


def listed(item, zone):
    start_ms, end_ms, day, subject, original_ms = item
    return {
        'occurrenceId': day.strftime('%Y%m%d'), 'subject': subject, 'startsAt': formatted(start_ms, zone),
        'endsAt': formatted(end_ms, zone), 'originalStartsAt': formatted(original_ms, zone),
    }


def formatted(ms, zone):
    """As the API writes an instant: local wall time, 7 fraction digits, the offset there."""
    local = (EPOCH + timedelta(milliseconds=ms)).astimezone(zone)
    minutes = local.utcoffset() // timedelta(minutes=1)
    sign = '-' if minutes < 0 else '+'
    return (f'{local:%Y-%m-%dT%H:%M:%S}.{local.microsecond * 10:07d}'
            f'{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}')


def expand(case):
    appointment = case['appointment']
    zone = ZoneInfo(appointment['timeZone'])
    exceptions = exceptions_of(appointment, case['changes'])
    found = occurrences(appointment, exceptions, max(to_ms for _, to_ms in case['windows']))
    return [[listed(item, zone) for item in found if rrule_oracle.overlaps(item[:2], from_ms, to_ms)]
            for from_ms, to_ms in case['windows']]


def main():
    json.dump([expand(case) for case in json.load(sys.stdin)], sys.stdout)


if __name__ == '__main__':
    main()
