"""Independent reader of our iCalendar feeds for test/http/calendar-feed-oracles.test.ts:
python-icalendar parses the feed, python-dateutil expands every RRULE (the events', as an
rruleset of the RRULE minus the EXDATEs, and the VTIMEZONE's), and times are resolved by
the feed's own VTIMEZONEs as RFC 5545 says: an ambiguous local time is its first instant,
a time in a gap takes the offset from before the gap. No IANA zone data is used for timed
events. A VEVENT with a RECURRENCE-ID replaces the instance of its UID's series whose
local start that is (RFC 5545 section 3.8.4.4); one that matches no instance, or an EXDATE
or RECURRENCE-ID in another zone than DTSTART, is an error.

Reads JSON on stdin: {"feeds": [{"text": feed, "floatingZone": IANA zone for all-day
dates, "windows": [[fromMs, toMs], ...]}, ...]} and writes, per feed, {uid: [[[startMs,
endMs, summary], ...] per window]} for occurrences overlapping [fromMs, toMs) (a
zero-length one counts when fromMs <= start < toMs), sorted by start.
"""
import json
import sys
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar

EPOCH = datetime(1970, 1, 1)
MS = timedelta(milliseconds=1)


class FeedZone:
    """A VTIMEZONE as sorted (utc onset, offset after) spans, per RFC 5545 section 3.6.5."""

    def __init__(self, component, until_year):
        onsets = []
        for sub in component.subcomponents:
            start = sub['DTSTART'].dt.replace(tzinfo=None)
            offset_from = sub['TZOFFSETFROM'].td
            offset_to = sub['TZOFFSETTO'].td
            locals_ = [start]
            if 'RRULE' in sub:
                rule = rrulestr(sub['RRULE'].to_ical().decode(), dtstart=start)
                locals_ = rule.between(start, datetime(until_year, 12, 31), inc=True)
            onsets += [(local - offset_from, offset_from, offset_to) for local in locals_]
        onsets.sort()
        self.spans = [(datetime.min, onsets[0][1])] + [(utc, to) for utc, _, to in onsets]

    def instant(self, wall):
        """Epoch ms of a naive local time."""
        for index, (start, offset) in enumerate(self.spans):
            end = self.spans[index + 1][0] if index + 1 < len(self.spans) else datetime.max
            if start <= wall - offset < end:
                return epoch_ms(wall - offset)
        for index, (start, offset) in enumerate(self.spans[:-1]):
            if wall - offset >= self.spans[index + 1][0] and wall - self.spans[index + 1][1] < self.spans[index + 1][0]:
                return epoch_ms(wall - offset)
        raise ValueError(f'no instant for {wall}')


def epoch_ms(naive_utc):
    return (naive_utc - EPOCH) // MS


def as_naive(value):
    return value.replace(tzinfo=None) if isinstance(value, datetime) else value


def timed_event(event, zones):
    start_property = event['DTSTART']
    zone = zones[start_property.params['TZID']]
    start = as_naive(start_property.dt)
    end_property = event['DTEND']
    end_value = end_property.dt
    if 'TZID' in end_property.params:
        end_ms = zone.instant(as_naive(end_value))
    else:
        end_ms = epoch_ms(end_value.astimezone(timezone.utc).replace(tzinfo=None))
    duration = end_ms - zone.instant(start)
    return start, lambda wall: (zone.instant(wall), zone.instant(wall) + duration)


def all_day_event(event, floating_zone):
    zone = ZoneInfo(floating_zone)
    first = event['DTSTART'].dt
    days = (event['DTEND'].dt - first).days

    def midnight(day):
        return epoch_ms(datetime.combine(day, time(), zone).astimezone(timezone.utc).replace(tzinfo=None))

    return datetime.combine(first, time()), lambda wall: (midnight(wall.date()), midnight(wall.date() + timedelta(days=days)))


def event_times(event, zones, floating_zone):
    """The event's local DTSTART and a function from a local start to its (startMs, endMs)."""
    if isinstance(event['DTSTART'].dt, datetime):
        return timed_event(event, zones)
    return all_day_event(event, floating_zone)


def local_start(event, prop):
    """An EXDATE list's or a RECURRENCE-ID's value as a local start comparable with the expansion's."""
    start = event['DTSTART']
    values = [dt.dt for dt in prop.dts] if hasattr(prop, 'dts') else [prop.dt]
    if prop.params.get('TZID') != start.params.get('TZID'):
        raise ValueError(f'{values!r} is not in the zone of DTSTART {start.dt!r}')
    if any(isinstance(value, datetime) != isinstance(start.dt, datetime) for value in values):
        raise ValueError(f'{values!r} is not of the kind DTSTART {start.dt!r} is')
    return [as_naive(value) if isinstance(value, datetime) else datetime.combine(value, time()) for value in values]


def exdates(event):
    found = event.get('EXDATE')
    if found is None:
        return []
    return [wall for dates in (found if isinstance(found, list) else [found]) for wall in local_start(event, dates)]


def starts(event, dtstart, to_instant):
    """Local starts minus EXDATEs; an UNTIL in UTC is compared with each start's instant, as RFC 5545 says."""
    excluded = exdates(event)
    if 'RRULE' not in event:
        if dtstart not in excluded:
            yield dtstart
        return
    rule = event['RRULE'].copy()
    until = rule.pop('UNTIL', [None])[0]
    until_ms = None
    if isinstance(until, datetime) and until.tzinfo is not None:
        until_ms = epoch_ms(until.astimezone(timezone.utc).replace(tzinfo=None))
    elif until is not None:
        rule['UNTIL'] = [until]
    rules = rruleset()
    rules.rrule(rrulestr(rule.to_ical().decode(), dtstart=dtstart))
    for wall in excluded:
        rules.exdate(wall)
    for wall in rules:
        if until_ms is not None and to_instant(wall)[0] > until_ms:
            return
        yield wall


def occurrences(event, overrides, zones, floating_zone, windows):
    dtstart, to_instant = event_times(event, zones, floating_zone)
    replacing = {}
    for override in overrides:
        start, override_instant = event_times(override, zones, floating_zone)
        replacing[local_start(event, override['RECURRENCE-ID'])[0]] = (*override_instant(start), str(override['SUMMARY']))
    last_replaced = max(replacing, default=None)
    last_to = max(to for _, to in windows)
    summary = str(event['SUMMARY'])
    found = []
    matched = set()
    for wall in starts(event, dtstart, to_instant):
        start_ms, end_ms = to_instant(wall)
        if start_ms >= last_to and (last_replaced is None or wall > last_replaced):
            break
        if wall in replacing:
            matched.add(wall)
            found.append(replacing[wall])
        else:
            found.append((start_ms, end_ms, summary))
    unmatched = sorted(set(replacing) - matched)
    if unmatched:
        raise ValueError(f'{event["UID"]}: RECURRENCE-ID matching no instance: {unmatched}')
    found.sort(key=lambda occurrence: occurrence[0])
    return [[[s, e, text] for s, e, text in found if s < to and (e > fr or fr <= s)] for fr, to in windows]


def read_feed(feed):
    calendar = Calendar.from_ical(feed['text'])
    last_year = datetime.utcfromtimestamp(max(to for _, to in feed['windows']) / 1000).year + 1
    zones = {str(zone['TZID']): FeedZone(zone, last_year) for zone in calendar.walk('VTIMEZONE')}
    events = calendar.walk('VEVENT')
    masters = {str(event['UID']): event for event in events if 'RECURRENCE-ID' not in event}
    overrides = {uid: [] for uid in masters}
    for event in events:
        if 'RECURRENCE-ID' in event:
            overrides[str(event['UID'])].append(event)
    return {uid: occurrences(event, overrides[uid], zones, feed['floatingZone'], feed['windows'])
            for uid, event in masters.items()}


def main():
    request = json.load(sys.stdin)
    json.dump([read_feed(feed) for feed in request['feeds']], sys.stdout)


if __name__ == '__main__':
    main()
