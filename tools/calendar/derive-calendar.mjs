// Derives the bundled default business calendar (statutory holidays and 调休 adjusted workdays)
// from the chinese-days package. Usage: node derive-calendar.mjs <package dir> <out.csv>
//
// Years the package carries (the State Council's notices): every day off of a holiday period is
// `holiday`, every weekend day worked in exchange is `adjusted_workday`, named after its holiday.
// Years in STATUTORY_ONLY have no notice in the package yet: only the statutory days fixed by
// 《全国年节及纪念日放假办法》 (2024 revision) are written, with the package's lunar calendar and
// solar terms; no bridge days, no adjusted workdays (a calendar.csv overrides them once known).
// Promotions (618, 双11) are a rule in the Java code, not rows here.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [pkg, out] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const cd = require(path.resolve(pkg, 'dist/index.min.js'));
const data = JSON.parse(readFileSync(path.resolve(pkg, 'dist/chinese-days.json'), 'utf8'));

const FROM_YEAR = 2024;
const STATUTORY_ONLY = [2027];

// The package's names are "English,中文,n"; the Chinese name is kept (国庆节 stays 国庆节).
const chinese = (v) => v.split(',')[1];
const rows = new Map();
for (const [date, v] of Object.entries(data.holidays)) {
  if (Number(date.slice(0, 4)) >= FROM_YEAR) rows.set(date, ['holiday', chinese(v)]);
}
for (const [date, v] of Object.entries(data.workdays)) {
  if (Number(date.slice(0, 4)) >= FROM_YEAR) rows.set(date, ['adjusted_workday', chinese(v)]);
}

const plusDays = (iso, n) => {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
for (const y of STATUTORY_ONLY) {
  if ([...rows.keys()].some((d) => d.startsWith(y + '-'))) {
    throw new Error(`${y} is in the package now: drop it from STATUTORY_ONLY`);
  }
  const lunar = (md) => cd.getSolarDateFromLunar(`${y}-${md}`).date;
  const newYear = lunar('01-01');
  const days = [
    [`${y}-01-01`, '元旦'],
    [plusDays(newYear, -1), '春节'], // 除夕
    [newYear, '春节'],
    [plusDays(newYear, 1), '春节'],
    [plusDays(newYear, 2), '春节'],
    [cd.getSolarTermDate(y, 4, 'pure_brightness'), '清明'],
    [`${y}-05-01`, '劳动节'],
    [`${y}-05-02`, '劳动节'],
    [lunar('05-05'), '端午'],
    [lunar('08-15'), '中秋'],
    [`${y}-10-01`, '国庆节'],
    [`${y}-10-02`, '国庆节'],
    [`${y}-10-03`, '国庆节'],
  ];
  for (const [date, name] of days) rows.set(date, ['holiday', name]);
}

const lines = ['date,day_type,holiday_name'];
for (const date of [...rows.keys()].sort()) lines.push([date, ...rows.get(date)].join(','));
writeFileSync(out, lines.join('\n') + '\n');
console.log(`${out}: ${rows.size} dates`);
