// Date (ECMA-262 21.4, Annex B.2.3): construction, parsing, fields, setters and the string forms.
// Kestrel's local time zone is UTC; the expected output comes from node 20 under TZ=UTC
// (`TZ=UTC node date.js > date.expected`). The current time is never printed.

// Construction
console.log(new Date(0), new Date(NaN), new Date(8.64e15), new Date(8.64e15 + 1));
console.log(new Date(-8.64e15).getTime(), new Date(-8.64e15 - 1).getTime());
console.log(new Date(2020, 0).getTime(), new Date(2020, 1, 29, 12, 30, 15, 500).toISOString());
console.log(new Date(99, 11, 31).toISOString(), new Date(100, 0).toISOString());
console.log(new Date(2020, 13, 35, 25, 61, 61, 1001).toISOString());
console.log(new Date(1.9).getTime(), new Date(-1.9).getTime(), Object.is(new Date(-0.5).getTime(), 0));
console.log(new Date("2000-01-01").getTime(), new Date(new Date(5)).getTime());
console.log(new Date(true).getTime(), new Date(null).getTime(), new Date(undefined).getTime());
console.log(new Date({ valueOf() { return 42; } }).getTime(), new Date({ toString() { return "1970-01-02"; }, valueOf: undefined }).getTime());
console.log(new Date(Infinity).getTime(), new Date(2020, NaN).getTime(), new Date(1e300, 0).getTime());
console.log(typeof Date(), typeof Date(0), Date.length, Date.name, Date.UTC.length);
const now = Date.now();
console.log(typeof now, Number.isInteger(now), Date.now() >= now, new Date().getTime() >= now);
console.log(Object.prototype.toString.call(new Date(0)), Object.prototype.toString.call(Date.prototype));
class MyDate extends Date {
  year() { return this.getFullYear(); }
}
const md = new MyDate(2001, 5);
console.log(md instanceof Date, md instanceof MyDate, md.year(), md.getMonth());
console.log(Reflect.construct(Date, [0], Object).constructor === Object);

// Date.UTC and Date.parse
console.log(Date.UTC(2020), Date.UTC(2020, 1), Date.UTC(99), Date.UTC(), Date.UTC(275760, 8, 13), Date.UTC(275760, 8, 13, 0, 0, 0, 1));
console.log(Date.UTC(-271821, 3, 20), Date.UTC(1970, 0, 1, 0, 0, 0, -1), Date.UTC(2016, 1, 29.9, 23.9));
const parses = [
  "1970-01-01T00:00:00.000Z", "2000", "2000-02", "2000-02-29", "2000-02-29T12:00", "2000-02-29T12:00:30",
  "2000-02-29T12:00:30.5Z", "2000-02-29T12:00:30.123456Z", "2000-01-01T00:00+01:30", "2000-01-01T00:00-01:30",
  "+275760-09-13T00:00:00.000Z", "+275760-09-13T00:00:00.001Z", "-271821-04-20T00:00:00.000Z",
  "-271821-04-19T23:59:59.999Z", "-000000-01-01T00:00:00Z", "+000000-01-01T00:00:00Z", "-000001-01-01",
  "2000-01-01T24:00", "2000-01-01T24:00:01", "2000-13-01", "2000-00-01", "2000-01-32", "2000-01-01T25:00",
  "2000-01-01T12:60", "2000-01-01T", "2000-01-01T12", "2000-01-01T12:00Zjunk",
  " 2000-01-01 ", "", "junk", "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)",
  "Thu, 01 Jan 1970 00:00:00 GMT", "Sat, 13 Sep 275760 00:00:00 GMT",
  "Thu Jan 01 1970 00:00:00 GMT+0130", "Thu Jan 01 1970", "Mon, 01 Feb 2021 10:20:30 GMT-0800",
];
for (const s of parses) console.log(JSON.stringify(s), Date.parse(s));
console.log(Date.parse(), Date.parse(new Date(123456789).toString()), Date.parse(new Date(-123456789000).toUTCString()));

// Getters
const d = new Date(Date.UTC(2021, 2, 14, 15, 9, 26, 535));
console.log(d.getFullYear(), d.getMonth(), d.getDate(), d.getDay(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
console.log(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCDay(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
console.log(d.getTime(), d.valueOf(), d.getTimezoneOffset(), d.getYear(), +d, `${d}` === d.toString());
const bad = new Date(NaN);
console.log(bad.getFullYear(), bad.getUTCDay(), bad.getTimezoneOffset(), bad.getYear(), bad.getTime());
for (const t of [-1, -86400001, -62198755200001, 951782400000, 4107542400000, -2208988800000]) {
  const x = new Date(t);
  console.log(t, x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate(), x.getUTCDay(), x.getUTCHours(), x.getUTCMilliseconds());
}

// Setters
const s = new Date(0);
console.log(s.setMilliseconds(5), s.setSeconds(10, 20), s.setMinutes(3, 4, 5), s.setHours(1, 2, 3, 4));
console.log(s.setDate(31), s.setMonth(1), s.setMonth(13, 0), s.setFullYear(2004, 1, 29), s.setFullYear(2005));
console.log(s.setUTCMilliseconds(999), s.setUTCSeconds(59), s.setUTCMinutes(59), s.setUTCHours(23), s.setUTCDate(0), s.setUTCMonth(0), s.setUTCFullYear(-1));
console.log(s.setTime(1.5), s.setTime("77"), s.setTime(), s.getTime());
const n = new Date(NaN);
console.log(n.setHours(1), n.setDate(1), n.setUTCMonth(1), n.setFullYear(2000), n.toISOString());
const n2 = new Date(NaN);
console.log(n2.setUTCFullYear(1999, 11), n2.toISOString());
const n3 = new Date(0);
console.log(n3.setHours(), n3.getTime(), new Date(0).setMinutes(1, undefined), new Date(0).setSeconds(8.64e15));
console.log(new Date(0).setYear(99), new Date(0).setYear(2000), new Date(NaN).setYear(5), new Date(0).setYear(NaN), new Date(0).setYear(-1));
const order = [];
const spy = (name, v) => ({ valueOf() { order.push(name); return v; } });
// (On an invalid date the spec converts every argument too; node 20 stops after the first.)
console.log(new Date(0).setHours(spy("h", 1), spy("m", 2)), order.join());
console.log(new Date(8.64e15).setMilliseconds(1), new Date(-8.64e15).setUTCDate(19));

// String forms
for (const t of [0, 1e12 + 123456, -1e14, 8.64e15, -8.64e15, -62198755200000, 253402300800000, 1615734566535]) {
  const x = new Date(t);
  console.log(x.toISOString(), "|", x.toString(), "|", x.toUTCString(), "|", x.toGMTString());
  console.log("  ", x.toDateString(), "|", x.toTimeString(), "|", x.toLocaleString(), "|", x.toLocaleDateString(), "|", x.toLocaleTimeString());
}
console.log(String(bad), bad.toDateString(), bad.toTimeString(), bad.toUTCString(), bad.toLocaleString(), bad.toLocaleDateString(), bad.toLocaleTimeString());
try { bad.toISOString(); } catch (e) { console.log(e.name, e.message); }
console.log(JSON.stringify({ when: new Date(0), bad, list: [new Date(1)] }));
console.log(Date.prototype.toGMTString === Date.prototype.toUTCString);
console.log(Date.prototype.toJSON.call({ valueOf() { return 1; }, toISOString() { return "iso!"; } }));
console.log(Date.prototype.toJSON.call({ valueOf() { return Infinity; }, toISOString() { return "iso!"; } }));

// Conversions and @@toPrimitive
const p = new Date(0);
console.log(p + 1, p - 1, p * 1, `${p}` === p.toString(), p == p.toString(), p < 1);
const tp = Date.prototype[Symbol.toPrimitive];
console.log(tp.name, tp.length, tp.call(p, "number"), tp.call(p, "default") === p.toString(), tp.call(p, "string") === p.toString());
for (const h of [undefined, "", "NUMBER", 1]) {
  try { tp.call(p, h); } catch (e) { console.log(e.name); }
}
try { tp.call(1, "number"); } catch (e) { console.log(e.name); }
const desc = Object.getOwnPropertyDescriptor(Date.prototype, Symbol.toPrimitive);
console.log(desc.writable, desc.enumerable, desc.configurable);

// Brand checks
for (const m of ["getTime", "getFullYear", "setTime", "toISOString", "toString", "valueOf", "getYear", "setYear"]) {
  try { Date.prototype[m].call({}); } catch (e) { console.log(m, e.name); }
}
try { Date.prototype.getTime.call(Date.prototype); } catch (e) { console.log("proto", e.name); }

// Node's display of dates
console.log([new Date(0), new Date(NaN)], { d: new Date(1e12) });
