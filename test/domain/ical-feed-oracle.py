"""Independent reader of our iCalendar feeds for test/http/calendar-feed-oracles.test.ts:
python-icalendar parses the feed, python-dateutil's rrulestr expands every RRULE (the
events' and the VTIMEZONE's), and times are resolved by the feed's own VTIMEZONEs as
RFC 5545 says: an ambiguous local time is its first instant, a time in a gap takes the
offset from before the gap. No IANA zone data is used for timed events.

Reads JSON on stdin: {"feeds": [{"text": feed, "floatingZone": IANA zone for all-day
dates, "windows": [[fromMs, toMs], ...]}, ...]} and writes, per feed, {uid: [[[startMs,
endMs], ...] per window]} for occurrences overlapping [fromMs, toMs) (a zero-length one
counts when fromMs <= start < toMs).
"""
import json
import sys
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
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


def starts(event, dtstart, to_instant):
    """Local starts; an UNTIL in UTC is compared with each start's instant, as RFC 5545 says."""
    if 'RRULE' not in event:
        yield dtstart
        return
    rule = event['RRULE'].copy()
    until = rule.pop('UNTIL', [None])[0]
    until_ms = None
    if isinstance(until, datetime) and until.tzinfo is not None:
        until_ms = epoch_ms(until.astimezone(timezone.utc).replace(tzinfo=None))
    elif until is not None:
        rule['UNTIL'] = [until]
    text = rule.to_ical().decode()
    for wall in rrulestr(text, dtstart=dtstart):
        if until_ms is not None and to_instant(wall)[0] > until_ms:
            return
        yield wall


def occurrences(event, zones, floating_zone, windows):
    if isinstance(event['DTSTART'].dt, datetime):
        dtstart, to_instant = timed_event(event, zones)
    else:
        dtstart, to_instant = all_day_event(event, floating_zone)
    last_to = max(to for _, to in windows)
    found = []
    for wall in starts(event, dtstart, to_instant):
        start_ms, end_ms = to_instant(wall)
        if start_ms >= last_to:
            break
        found.append((start_ms, end_ms))
    return [[[s, e] for s, e in found if s < to and (e > fr or fr <= s)] for fr, to in windows]


def read_feed(feed):
    calendar = Calendar.from_ical(feed['text'])
    last_year = datetime.utcfromtimestamp(max(to for _, to in feed['windows']) / 1000).year + 1
    zones = {str(zone['TZID']): FeedZone(zone, last_year) for zone in calendar.walk('VTIMEZONE')}
    return {str(event['UID']): occurrences(event, zones, feed['floatingZone'], feed['windows'])
            for event in calendar.walk('VEVENT')}


def main():
    request = json.load(sys.stdin)
    json.dump([read_feed(feed) for feed in request['feeds']], sys.stdout)


if __name__ == '__main__':
    main()
