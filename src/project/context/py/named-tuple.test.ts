// date.isocalendar() and date.timetuple() are Python's named tuples: printed with their type's
// repr, indexable, unpackable and read by field name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderModel as render } from '../testing/make-project.js';

test('isocalendar() prints as datetime.IsoCalendarDate and still indexes and unpacks', () => {
  assert.equal(
    render("{% set d = modules.datetime.date(2024, 12, 31) %}{{ d.isocalendar() }} {{ d.isocalendar()[1] }} {{ d.isocalendar().year }} {% set y, w, wd = d.isocalendar() %}{{ y }}-{{ w }}-{{ wd }} {{ [d.isocalendar()] }} {{ d.isocalendar() | list }} {{ d.isocalendar() == (2025, 1, 2) }}"),
    'datetime.IsoCalendarDate(year=2025, week=1, weekday=2) 1 2025 2025-1-2 [datetime.IsoCalendarDate(year=2025, week=1, weekday=2)] [2025, 1, 2] True',
  );
});

test('timetuple() is a time.struct_time of the date or the wall time, with tm_isdst -1', () => {
  assert.equal(
    render("{% set d = modules.datetime.date(2024, 1, 2) %}{{ d.timetuple() }} {{ d.timetuple()[0] }} {{ d.timetuple().tm_yday }} {{ d.timetuple() | length }}"),
    'time.struct_time(tm_year=2024, tm_mon=1, tm_mday=2, tm_hour=0, tm_min=0, tm_sec=0, tm_wday=1, tm_yday=2, tm_isdst=-1) 2024 2 9',
  );
  assert.equal(
    render("{% set t = modules.datetime.datetime(2024, 12, 31, 6, 7, 8).timetuple() %}{{ t[:6] }} {{ t.tm_wday }} {{ t.tm_yday }} {{ t[-1] }} {{ t.tm_zone }}"),
    '(2024, 12, 31, 6, 7, 8) 1 366 -1 None',
  );
});
