//! `Date` (ECMA-262 21.4), with the Annex B `getYear`, `setYear` and `toGMTString` (B.2.3).
//!
//! Time values are f64 milliseconds since the epoch, [[DateValue]] lives in `ObjectKind::Date`.
//!
//! The local time zone is UTC (offset 0) on every target, so that programs and tests behave the
//! same on every machine: LocalTime and UTC are identities and `toString` prints
//! `GMT+0000 (Coordinated Universal Time)`, as node does under `TZ=UTC`. The host clock and the
//! zone offset are the two functions `host_now` and `local_offset_ms`, for an embedder to change.

use super::arg;
use crate::runtime::number::to_integer_or_infinity;
use crate::runtime::object::{Object, ObjectKind};
use crate::runtime::property::{Attrs, PropertyKey};
use crate::runtime::{NativeFn, Value};
use crate::vm::ops::Hint;
use crate::vm::realm::ErrorKind;
use crate::vm::{JsResult, Vm};

// -------------------------------------------------------------------------------------------------
// The host: clock and time zone

/// The current time value (ECMA-262 21.4.2.1 step 1, 21.4.3.1): integral milliseconds since the
/// epoch, from the host clock.
pub fn host_now() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now().floor()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::time::{SystemTime, UNIX_EPOCH};
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_millis() as f64,
            Err(e) => -(e.duration().as_millis() as f64),
        }
    }
}

/// The offset of the local time zone from UTC at UTC time `t`, in milliseconds (the spec's
/// GetNamedTimeZoneOffsetNanoseconds / 10^6). Always 0: local time is UTC.
fn local_offset_ms(_t: f64) -> f64 {
    0.0
}

// -------------------------------------------------------------------------------------------------
// ECMA-262 21.4.1 Overview of Date Objects and Definitions of Abstract Operations

const MS_PER_DAY: f64 = 86_400_000.0;
const MS_PER_HOUR: f64 = 3_600_000.0;
const MS_PER_MINUTE: f64 = 60_000.0;
const MS_PER_SECOND: f64 = 1000.0;

/// 21.4.1.3 Day ( t )
fn day(t: f64) -> f64 {
    (t / MS_PER_DAY).floor()
}

/// The mathematical `x modulo y` (the result has the sign of y).
fn modulo(x: f64, y: f64) -> f64 {
    let r = x % y;
    if r != 0.0 && (r < 0.0) != (y < 0.0) {
        r + y
    } else {
        r + 0.0
    }
}

/// 21.4.1.4 TimeWithinDay ( t )
fn time_within_day(t: f64) -> f64 {
    modulo(t, MS_PER_DAY)
}

/// 21.4.1.5 DaysInYear ( y )
fn days_in_year(y: f64) -> f64 {
    if modulo(y, 4.0) != 0.0 {
        365.0
    } else if modulo(y, 100.0) != 0.0 {
        366.0
    } else if modulo(y, 400.0) != 0.0 {
        365.0
    } else {
        366.0
    }
}

/// 21.4.1.6 DayFromYear ( y )
fn day_from_year(y: f64) -> f64 {
    365.0 * (y - 1970.0) + ((y - 1969.0) / 4.0).floor() - ((y - 1901.0) / 100.0).floor()
        + ((y - 1601.0) / 400.0).floor()
}

/// 21.4.1.7 TimeFromYear ( y )
fn time_from_year(y: f64) -> f64 {
    MS_PER_DAY * day_from_year(y)
}

/// 21.4.1.8 YearFromTime ( t ): the largest integral y with TimeFromYear(y) ≤ t (t finite).
fn year_from_time(t: f64) -> f64 {
    let mut y = (t / (MS_PER_DAY * 365.2425)).floor() + 1970.0;
    while time_from_year(y) > t {
        y -= 1.0;
    }
    while time_from_year(y + 1.0) <= t {
        y += 1.0;
    }
    y
}

/// 21.4.1.9 DayWithinYear ( t )
fn day_within_year(t: f64) -> f64 {
    day(t) - day_from_year(year_from_time(t))
}

/// 21.4.1.10 InLeapYear ( t )
fn in_leap_year(t: f64) -> bool {
    days_in_year(year_from_time(t)) == 366.0
}

/// The day within the year on which each month starts, in a common year.
const MONTH_STARTS: [f64; 13] = [
    0.0, 31.0, 59.0, 90.0, 120.0, 151.0, 181.0, 212.0, 243.0, 273.0, 304.0, 334.0, 365.0,
];

/// The first day (within the year) of month `m` (0-11), counting the leap day.
fn month_start(m: usize, leap: bool) -> f64 {
    MONTH_STARTS[m] + if leap && m >= 2 { 1.0 } else { 0.0 }
}

/// 21.4.1.11 MonthFromTime ( t )
fn month_from_time(t: f64) -> f64 {
    let d = day_within_year(t);
    let leap = in_leap_year(t);
    (0..12)
        .rev()
        .find(|&m| d >= month_start(m, leap))
        .unwrap_or(0) as f64
}

/// 21.4.1.12 DateFromTime ( t )
fn date_from_time(t: f64) -> f64 {
    let m = month_from_time(t) as usize;
    day_within_year(t) - month_start(m, in_leap_year(t)) + 1.0
}

/// 21.4.1.13 WeekDay ( t )
fn week_day(t: f64) -> f64 {
    modulo(day(t) + 4.0, 7.0)
}

/// 21.4.1.14 HourFromTime ( t )
fn hour_from_time(t: f64) -> f64 {
    modulo((t / MS_PER_HOUR).floor(), 24.0)
}

/// 21.4.1.15 MinFromTime ( t )
fn min_from_time(t: f64) -> f64 {
    modulo((t / MS_PER_MINUTE).floor(), 60.0)
}

/// 21.4.1.16 SecFromTime ( t )
fn sec_from_time(t: f64) -> f64 {
    modulo((t / MS_PER_SECOND).floor(), 60.0)
}

/// 21.4.1.17 msFromTime ( t )
fn ms_from_time(t: f64) -> f64 {
    modulo(t, MS_PER_SECOND)
}

/// 21.4.1.25 LocalTime ( t )
fn local_time(t: f64) -> f64 {
    t + local_offset_ms(t)
}

/// 21.4.1.26 UTC ( t )
fn utc(t: f64) -> f64 {
    if !t.is_finite() {
        return f64::NAN;
    }
    t - local_offset_ms(t)
}

/// 21.4.1.27 MakeTime ( hour, min, sec, ms )
fn make_time(hour: f64, min: f64, sec: f64, ms: f64) -> f64 {
    if !(hour.is_finite() && min.is_finite() && sec.is_finite() && ms.is_finite()) {
        return f64::NAN;
    }
    let h = to_integer_or_infinity(hour);
    let m = to_integer_or_infinity(min);
    let s = to_integer_or_infinity(sec);
    let milli = to_integer_or_infinity(ms);
    h * MS_PER_HOUR + m * MS_PER_MINUTE + s * MS_PER_SECOND + milli
}

/// 21.4.1.28 MakeDay ( year, month, date )
fn make_day(year: f64, month: f64, date: f64) -> f64 {
    if !(year.is_finite() && month.is_finite() && date.is_finite()) {
        return f64::NAN;
    }
    let y = to_integer_or_infinity(year);
    let m = to_integer_or_infinity(month);
    let dt = to_integer_or_infinity(date);
    let ym = y + (m / 12.0).floor();
    // Step 7 (ym not finite) and step 9's "not possible": a year this far out is beyond every time
    // value TimeClip keeps, whatever the date, and its day count would lose integer precision.
    if !ym.is_finite() || ym.abs() > 1e9 {
        return f64::NAN;
    }
    let mn = modulo(m, 12.0) as usize;
    let leap = days_in_year(ym) == 366.0;
    // Step 9: the day t with YearFromTime(t) = ym, MonthFromTime(t) = mn, DateFromTime(t) = 1.
    let first = day_from_year(ym) + month_start(mn, leap);
    first + dt - 1.0
}

/// 21.4.1.29 MakeDate ( day, time )
fn make_date(day: f64, time: f64) -> f64 {
    if !(day.is_finite() && time.is_finite()) {
        return f64::NAN;
    }
    let tv = day * MS_PER_DAY + time;
    if !tv.is_finite() {
        return f64::NAN;
    }
    tv
}

/// 21.4.1.30 MakeFullYear ( year )
fn make_full_year(year: f64) -> f64 {
    if year.is_nan() {
        return f64::NAN;
    }
    let truncated = to_integer_or_infinity(year);
    if (0.0..=99.0).contains(&truncated) {
        1900.0 + truncated
    } else {
        truncated
    }
}

/// 21.4.1.31 TimeClip ( time )
fn time_clip(time: f64) -> f64 {
    if !time.is_finite() || time.abs() > 8.64e15 {
        return f64::NAN;
    }
    to_integer_or_infinity(time)
}

// -------------------------------------------------------------------------------------------------
// Installation

pub fn install(vm: &mut Vm) {
    let object_prototype = vm.realm.object_prototype;
    // 21.4.4 Properties of the Date Prototype Object: an ordinary object, not a Date instance.
    let prototype = vm.alloc_object(Object::new(Some(object_prototype), ObjectKind::Ordinary));
    let ctor = vm.define_constructor(
        "Date",
        7,
        date_constructor,
        prototype,
        Value::object(prototype),
    );
    vm.define_method(ctor, "now", 0, date_now);
    vm.define_method(ctor, "parse", 1, date_parse);
    vm.define_method(ctor, "UTC", 7, date_utc);

    // Getters: the field, and whether it is read in local time. `data` carries both.
    let getters: [(&str, Field, bool); 17] = [
        ("getDate", Field::Date, true),
        ("getDay", Field::WeekDay, true),
        ("getFullYear", Field::Year, true),
        ("getHours", Field::Hours, true),
        ("getMilliseconds", Field::Ms, true),
        ("getMinutes", Field::Minutes, true),
        ("getMonth", Field::Month, true),
        ("getSeconds", Field::Seconds, true),
        ("getUTCDate", Field::Date, false),
        ("getUTCDay", Field::WeekDay, false),
        ("getUTCFullYear", Field::Year, false),
        ("getUTCHours", Field::Hours, false),
        ("getUTCMilliseconds", Field::Ms, false),
        ("getUTCMinutes", Field::Minutes, false),
        ("getUTCMonth", Field::Month, false),
        ("getUTCSeconds", Field::Seconds, false),
        // B.2.3.1 Date.prototype.getYear ( ): YearFromTime(LocalTime(t)) - 1900.
        ("getYear", Field::Year1900, true),
    ];
    for (name, field, local) in getters {
        let data = Value::number(field as u32 as f64 + if local { 100.0 } else { 0.0 });
        let f = vm.native_function(name, 0, date_getter, false, data);
        let key = vm.key(name);
        vm.define_own(prototype, key, Value::object(f), Attrs::HIDDEN);
    }

    // Setters: the first field they set, and how many arguments they take.
    let setters: [(&str, Field, bool, u32); 14] = [
        ("setDate", Field::Date, true, 1),
        ("setFullYear", Field::Year, true, 3),
        ("setHours", Field::Hours, true, 4),
        ("setMilliseconds", Field::Ms, true, 1),
        ("setMinutes", Field::Minutes, true, 3),
        ("setMonth", Field::Month, true, 2),
        ("setSeconds", Field::Seconds, true, 2),
        ("setUTCDate", Field::Date, false, 1),
        ("setUTCFullYear", Field::Year, false, 3),
        ("setUTCHours", Field::Hours, false, 4),
        ("setUTCMilliseconds", Field::Ms, false, 1),
        ("setUTCMinutes", Field::Minutes, false, 3),
        ("setUTCMonth", Field::Month, false, 2),
        ("setUTCSeconds", Field::Seconds, false, 2),
    ];
    for (name, field, local, length) in setters {
        let data = Value::number(field as u32 as f64 + if local { 100.0 } else { 0.0 });
        let f = vm.native_function(name, length, date_setter, false, data);
        let key = vm.key(name);
        vm.define_own(prototype, key, Value::object(f), Attrs::HIDDEN);
    }

    let methods: [(&str, u32, NativeFn); 13] = [
        ("getTime", 0, date_value_of),
        ("getTimezoneOffset", 0, date_get_timezone_offset),
        ("setTime", 1, date_set_time),
        ("toDateString", 0, date_to_date_string),
        ("toISOString", 0, date_to_iso_string),
        ("toJSON", 1, date_to_json),
        ("toLocaleDateString", 0, date_to_locale_date_string),
        ("toLocaleString", 0, date_to_locale_string),
        ("toLocaleTimeString", 0, date_to_locale_time_string),
        ("toString", 0, date_to_string),
        ("toTimeString", 0, date_to_time_string),
        ("valueOf", 0, date_value_of),
        ("setYear", 1, date_set_year),
    ];
    for (name, length, f) in methods {
        vm.define_method(prototype, name, length, f);
    }
    // B.2.3.3: toGMTString is the same function object as toUTCString.
    let to_utc = vm.define_method(prototype, "toUTCString", 0, date_to_utc_string);
    let key = vm.key("toGMTString");
    vm.define_own(prototype, key, Value::object(to_utc), Attrs::HIDDEN);

    // 21.4.4.45 Date.prototype [ @@toPrimitive ] ( hint ): not writable.
    let f = vm.native_function(
        "[Symbol.toPrimitive]",
        1,
        date_to_primitive,
        false,
        Value::UNDEFINED,
    );
    let key = PropertyKey::Symbol(vm.realm.symbols.to_primitive);
    vm.define_own(
        prototype,
        key,
        Value::object(f),
        Attrs::new(Attrs::CONFIGURABLE),
    );
}

fn callee_data(vm: &Vm) -> Value {
    vm.native_data()
}

/// The [[DateValue]] of `v`, if it is a Date object.
pub fn date_value(vm: &Vm, v: Value) -> Option<f64> {
    match vm.heap.object(v.as_object()?).kind {
        ObjectKind::Date(t) => Some(t),
        _ => None,
    }
}

/// thisTimeValue ( value ) (21.4.4): the [[DateValue]] of `this`, or a TypeError.
fn this_time_value(vm: &mut Vm, this: Value) -> JsResult<f64> {
    match date_value(vm, this) {
        Some(t) => Ok(t),
        None => vm.type_error("this is not a Date object."),
    }
}

fn set_date_value(vm: &mut Vm, this: Value, t: f64) {
    if let Some(o) = this.as_object() {
        vm.heap.object_mut(o).kind = ObjectKind::Date(t);
    }
}

fn string_result(vm: &mut Vm, text: &str) -> JsResult<Value> {
    Ok(Value::string(vm.alloc_str(text)))
}

// -------------------------------------------------------------------------------------------------
// 21.4.2 The Date Constructor, 21.4.3 Properties of the Date Constructor

// 21.4.2.1 Date ( ...values )
fn date_constructor(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let (new_target, callee) = (vm.native_new_target, vm.native_callee);
    let default = callee_data(vm)
        .as_object()
        .unwrap_or(vm.realm.object_prototype);
    // Step 1: called as a function, the current time as a string.
    if !this.is_hole() {
        let now = host_now();
        return string_result(vm, &to_date_string(now));
    }
    let dv = match args.len() {
        // Step 3.
        0 => host_now(),
        // Step 4.
        1 => {
            let value = args[0];
            let tv = if let Some(t) = date_value(vm, value) {
                t
            } else {
                let v = vm.to_primitive(value, Hint::Default)?;
                if v.is_string() {
                    let s = vm.to_rust_string(v)?;
                    parse(&s)
                } else {
                    vm.to_number(v)?
                }
            };
            time_clip(tv)
        }
        // Step 5.
        _ => {
            let mut fields = [f64::NAN, f64::NAN, 1.0, 0.0, 0.0, 0.0, 0.0];
            for (i, field) in fields.iter_mut().enumerate() {
                if i < args.len() {
                    *field = vm.to_number(args[i])?;
                }
            }
            let [y, m, dt, h, min, s, milli] = fields;
            let yr = make_full_year(y);
            let final_date = make_date(make_day(yr, m, dt), make_time(h, min, s, milli));
            time_clip(utc(final_date))
        }
    };
    // Step 6: OrdinaryCreateFromConstructor(NewTarget, "%Date.prototype%").
    let proto = vm.prototype_from_constructor(new_target, callee, default)?;
    Ok(Value::object(vm.alloc_object(Object::new(
        Some(proto),
        ObjectKind::Date(dv),
    ))))
}

// 21.4.3.1 Date.now ( )
fn date_now(_: &mut Vm, _: Value, _: &[Value]) -> JsResult<Value> {
    Ok(Value::number(host_now()))
}

// 21.4.3.2 Date.parse ( string )
fn date_parse(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let s = vm.to_rust_string(arg(args, 0))?;
    Ok(Value::number(parse(&s)))
}

// 21.4.3.4 Date.UTC ( year [ , month [ , date [ , hours [ , minutes [ , seconds [ , ms ] ] ] ] ] ] )
fn date_utc(vm: &mut Vm, _: Value, args: &[Value]) -> JsResult<Value> {
    let mut fields = [f64::NAN, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
    for (i, field) in fields.iter_mut().enumerate() {
        if i == 0 || i < args.len() {
            *field = vm.to_number(arg(args, i))?;
        }
    }
    let [y, m, dt, h, min, s, milli] = fields;
    let yr = make_full_year(y);
    Ok(Value::number(time_clip(make_date(
        make_day(yr, m, dt),
        make_time(h, min, s, milli),
    ))))
}

// -------------------------------------------------------------------------------------------------
// 21.4.4 Properties of the Date Prototype Object: getters and setters

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Year = 0,
    Month,
    Date,
    Hours,
    Minutes,
    Seconds,
    Ms,
    WeekDay,
    Year1900,
}

impl Field {
    fn from_index(i: u32) -> Field {
        match i {
            0 => Field::Year,
            1 => Field::Month,
            2 => Field::Date,
            3 => Field::Hours,
            4 => Field::Minutes,
            5 => Field::Seconds,
            6 => Field::Ms,
            7 => Field::WeekDay,
            _ => Field::Year1900,
        }
    }
}

/// The field and the local-time flag a getter or setter was installed with.
fn field_of_callee(vm: &Vm) -> (Field, bool) {
    let code = callee_data(vm).as_number().unwrap_or(0.0) as u32;
    (Field::from_index(code % 100), code >= 100)
}

/// One field of the (finite) time value `t`.
fn field_value(t: f64, field: Field) -> f64 {
    match field {
        Field::Year => year_from_time(t),
        Field::Month => month_from_time(t),
        Field::Date => date_from_time(t),
        Field::Hours => hour_from_time(t),
        Field::Minutes => min_from_time(t),
        Field::Seconds => sec_from_time(t),
        Field::Ms => ms_from_time(t),
        Field::WeekDay => week_day(t),
        Field::Year1900 => year_from_time(t) - 1900.0,
    }
}

// 21.4.4.2-21.4.4.19 Date.prototype.get[UTC]{FullYear,Month,Date,Day,Hours,Minutes,Seconds,
// Milliseconds} ( ) and B.2.3.1 getYear ( ): NaN for an invalid date, else the field of
// LocalTime(t) (or t for the UTC forms).
fn date_getter(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let (field, local) = field_of_callee(vm);
    let t = this_time_value(vm, this)?;
    if t.is_nan() {
        return Ok(Value::NAN);
    }
    let t = if local { local_time(t) } else { t };
    Ok(Value::number(field_value(t, field)))
}

// 21.4.4.11 Date.prototype.getTimezoneOffset ( )
fn date_get_timezone_offset(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let t = this_time_value(vm, this)?;
    if t.is_nan() {
        return Ok(Value::NAN);
    }
    Ok(Value::number((t - local_time(t)) / MS_PER_MINUTE))
}

// 21.4.4.20-21.4.4.26, 21.4.4.28-21.4.4.34 Date.prototype.set[UTC]{Date,FullYear,Hours,
// Milliseconds,Minutes,Month,Seconds}. Each converts its arguments (in order, only those present)
// before looking at the time value; only set[UTC]FullYear starts from +0 when that is NaN.
fn date_setter(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let (field, local) = field_of_callee(vm);
    let t = this_time_value(vm, this)?;
    // How many consecutive fields, starting at `field`, the method may set.
    let span = match field {
        Field::Year => 3,
        Field::Month => 2,
        Field::Date => 1,
        Field::Hours => 4,
        Field::Minutes => 3,
        Field::Seconds => 2,
        _ => 1,
    };
    let first = field as usize;
    let mut given: [Option<f64>; 7] = [None; 7];
    for i in 0..span {
        // The first argument is converted even when absent (ToNumber(undefined) is NaN).
        if i == 0 || i < args.len() {
            given[first + i] = Some(vm.to_number(arg(args, i))?);
        }
    }
    let t = if t.is_nan() {
        if field != Field::Year {
            return Ok(Value::NAN);
        }
        0.0
    } else if local {
        local_time(t)
    } else {
        t
    };
    let pick = |i: usize, f: Field| given[i].unwrap_or_else(|| field_value(t, f));
    let year = pick(0, Field::Year);
    let month = pick(1, Field::Month);
    let date = pick(2, Field::Date);
    let hours = pick(3, Field::Hours);
    let minutes = pick(4, Field::Minutes);
    let seconds = pick(5, Field::Seconds);
    let ms = pick(6, Field::Ms);
    let new_date = if field == Field::Year || field == Field::Month || field == Field::Date {
        make_date(make_day(year, month, date), time_within_day(t))
    } else {
        make_date(day(t), make_time(hours, minutes, seconds, ms))
    };
    let u = time_clip(if local { utc(new_date) } else { new_date });
    set_date_value(vm, this, u);
    Ok(Value::number(u))
}

// 21.4.4.27 Date.prototype.setTime ( time )
fn date_set_time(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    this_time_value(vm, this)?;
    let t = vm.to_number(arg(args, 0))?;
    let v = time_clip(t);
    set_date_value(vm, this, v);
    Ok(Value::number(v))
}

// B.2.3.2 Date.prototype.setYear ( year )
fn date_set_year(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let t = this_time_value(vm, this)?;
    let y = vm.to_number(arg(args, 0))?;
    let t = if t.is_nan() { 0.0 } else { local_time(t) };
    let yyyy = make_full_year(y);
    let d = make_day(yyyy, month_from_time(t), date_from_time(t));
    let date = make_date(d, time_within_day(t));
    let v = time_clip(utc(date));
    set_date_value(vm, this, v);
    Ok(Value::number(v))
}

// 21.4.4.44 Date.prototype.valueOf ( ), 21.4.4.10 Date.prototype.getTime ( )
fn date_value_of(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let t = this_time_value(vm, this)?;
    Ok(Value::number(t))
}

// 21.4.4.45 Date.prototype [ @@toPrimitive ] ( hint )
fn date_to_primitive(vm: &mut Vm, this: Value, args: &[Value]) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return vm.type_error("Date.prototype[Symbol.toPrimitive] called on non-object");
    };
    let hint = arg(args, 0);
    let hint = if hint.is_string() {
        vm.to_rust_string(hint)?
    } else {
        String::new()
    };
    let order: [&str; 2] = match hint.as_str() {
        "string" | "default" => ["toString", "valueOf"],
        "number" => ["valueOf", "toString"],
        _ => return vm.type_error("Invalid hint"),
    };
    // 7.1.1.1 OrdinaryToPrimitive ( O, hint )
    for name in order {
        let key = vm.key(name);
        let method = vm.get_value(Value::object(o), key)?;
        if method.as_object().is_some_and(|m| vm.is_callable(m)) {
            let result = vm.call(method, Value::object(o), &[])?;
            if !result.is_object() {
                return Ok(result);
            }
        }
    }
    vm.type_error("Cannot convert object to primitive value")
}

// -------------------------------------------------------------------------------------------------
// String forms

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A year as the string forms print it: a sign only when negative, at least 4 digits.
fn year_string(y: f64) -> String {
    let sign = if y < 0.0 { "-" } else { "" };
    format!("{sign}{:04}", y.abs() as i64)
}

/// 21.4.4.41.2 TimeString ( tv )
fn time_string(tv: f64) -> String {
    format!(
        "{:02}:{:02}:{:02} GMT",
        hour_from_time(tv) as i64,
        min_from_time(tv) as i64,
        sec_from_time(tv) as i64
    )
}

/// 21.4.4.41.3 DateString ( tv )
fn date_string(tv: f64) -> String {
    format!(
        "{} {} {:02} {}",
        WEEKDAYS[week_day(tv) as usize],
        MONTHS[month_from_time(tv) as usize],
        date_from_time(tv) as i64,
        year_string(year_from_time(tv))
    )
}

/// 21.4.4.41.4 TimeZoneString ( tv ), with node's implementation-defined zone name.
fn time_zone_string(tv: f64) -> String {
    let offset = local_offset_ms(tv);
    let sign = if offset >= 0.0 { '+' } else { '-' };
    let abs = offset.abs();
    let hours = (abs / MS_PER_HOUR).floor() as i64;
    let minutes = modulo((abs / MS_PER_MINUTE).floor(), 60.0) as i64;
    format!("{sign}{hours:02}{minutes:02} (Coordinated Universal Time)")
}

/// 21.4.4.41.5 ToDateString ( tv )
pub fn to_date_string(tv: f64) -> String {
    if tv.is_nan() {
        return "Invalid Date".into();
    }
    let t = local_time(tv);
    format!(
        "{} {}{}",
        date_string(t),
        time_string(t),
        time_zone_string(tv)
    )
}

/// 21.4.4.36 toISOString's format (21.4.1.32), for a finite time value.
pub fn iso_string(tv: f64) -> String {
    let y = year_from_time(tv);
    let year = if (0.0..=9999.0).contains(&y) {
        format!("{:04}", y as i64)
    } else {
        let sign = if y < 0.0 { '-' } else { '+' };
        format!("{sign}{:06}", y.abs() as i64)
    };
    format!(
        "{year}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        month_from_time(tv) as i64 + 1,
        date_from_time(tv) as i64,
        hour_from_time(tv) as i64,
        min_from_time(tv) as i64,
        sec_from_time(tv) as i64,
        ms_from_time(tv) as i64
    )
}

// 21.4.4.41 Date.prototype.toString ( )
fn date_to_string(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let tv = this_time_value(vm, this)?;
    string_result(vm, &to_date_string(tv))
}

// 21.4.4.35 Date.prototype.toDateString ( )
fn date_to_date_string(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let tv = this_time_value(vm, this)?;
    if tv.is_nan() {
        return string_result(vm, "Invalid Date");
    }
    string_result(vm, &date_string(local_time(tv)))
}

// 21.4.4.42 Date.prototype.toTimeString ( )
fn date_to_time_string(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let tv = this_time_value(vm, this)?;
    if tv.is_nan() {
        return string_result(vm, "Invalid Date");
    }
    let t = local_time(tv);
    let s = format!("{}{}", time_string(t), time_zone_string(tv));
    string_result(vm, &s)
}

// 21.4.4.43 Date.prototype.toUTCString ( )
fn date_to_utc_string(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let tv = this_time_value(vm, this)?;
    if tv.is_nan() {
        return string_result(vm, "Invalid Date");
    }
    let s = format!(
        "{}, {:02} {} {} {}",
        WEEKDAYS[week_day(tv) as usize],
        date_from_time(tv) as i64,
        MONTHS[month_from_time(tv) as usize],
        year_string(year_from_time(tv)),
        time_string(tv)
    );
    string_result(vm, &s)
}

// 21.4.4.36 Date.prototype.toISOString ( )
fn date_to_iso_string(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let tv = this_time_value(vm, this)?;
    if !tv.is_finite() {
        return vm.throw(ErrorKind::RangeError, "Invalid time value");
    }
    string_result(vm, &iso_string(tv))
}

// 21.4.4.37 Date.prototype.toJSON ( key )
fn date_to_json(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    vm.root(Value::object(o));
    let tv = vm.to_primitive(Value::object(o), Hint::Number)?;
    if tv.as_number().is_some_and(|n| !n.is_finite()) {
        return Ok(Value::NULL);
    }
    // Invoke(O, "toISOString").
    let key = vm.key("toISOString");
    let f = vm.get_value(Value::object(o), key)?;
    if !f.as_object().is_some_and(|f| vm.is_callable(f)) {
        return vm.type_error("toISOString is not a function");
    }
    vm.call(f, Value::object(o), &[])
}

/// node's `en-US` forms: `1/1/1970` and `12:00:00 AM` (years before 1 count back, era omitted).
fn locale_date(t: f64) -> String {
    let y = year_from_time(t);
    let y = if y <= 0.0 { 1.0 - y } else { y };
    format!(
        "{}/{}/{}",
        month_from_time(t) as i64 + 1,
        date_from_time(t) as i64,
        y as i64
    )
}

fn locale_time(t: f64) -> String {
    let h = hour_from_time(t) as i64;
    let (h12, suffix) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!(
        "{h12}:{:02}:{:02} {suffix}",
        min_from_time(t) as i64,
        sec_from_time(t) as i64
    )
}

// 21.4.4.39 Date.prototype.toLocaleString ( [ reserved1 [ , reserved2 ] ] )
fn date_to_locale_string(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let tv = this_time_value(vm, this)?;
    if tv.is_nan() {
        return string_result(vm, "Invalid Date");
    }
    let t = local_time(tv);
    let s = format!("{}, {}", locale_date(t), locale_time(t));
    string_result(vm, &s)
}

// 21.4.4.38 Date.prototype.toLocaleDateString ( [ reserved1 [ , reserved2 ] ] )
fn date_to_locale_date_string(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let tv = this_time_value(vm, this)?;
    if tv.is_nan() {
        return string_result(vm, "Invalid Date");
    }
    string_result(vm, &locale_date(local_time(tv)))
}

// 21.4.4.40 Date.prototype.toLocaleTimeString ( [ reserved1 [ , reserved2 ] ] )
fn date_to_locale_time_string(vm: &mut Vm, this: Value, _: &[Value]) -> JsResult<Value> {
    let tv = this_time_value(vm, this)?;
    if tv.is_nan() {
        return string_result(vm, "Invalid Date");
    }
    string_result(vm, &locale_time(local_time(tv)))
}

// -------------------------------------------------------------------------------------------------
// 21.4.3.2 Date.parse: the Date Time String Format (21.4.1.32) first, then the forms toString and
// toUTCString produce (and close relatives), as the spec requires of the fallback.

/// The time value `s` denotes, or NaN (not clipped beyond TimeClip).
pub fn parse(s: &str) -> f64 {
    let s = s.trim_matches(|c: char| c.is_whitespace());
    if let Some(t) = parse_iso(s.as_bytes()) {
        return t;
    }
    parse_fallback(s).unwrap_or(f64::NAN)
}

/// A cursor over ASCII bytes.
struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Exactly `n` decimal digits.
    fn digits(&mut self, n: usize) -> Option<f64> {
        let mut v = 0.0;
        for _ in 0..n {
            let c = self.peek().filter(u8::is_ascii_digit)?;
            v = v * 10.0 + f64::from(c - b'0');
            self.pos += 1;
        }
        Some(v)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }
}

/// 21.4.1.32 Date Time String Format: `YYYY[-MM[-DD]][THH:mm[:ss[.sss]][Z|±HH:mm]]`, with the
/// expanded years `±YYYYYY` (21.4.1.32.1; `-000000` is not valid). Date-only forms are UTC,
/// date-time forms without an offset local time. More than three fraction digits are accepted
/// and ignored past the third, as node does.
fn parse_iso(s: &[u8]) -> Option<f64> {
    let mut c = Cursor { s, pos: 0 };
    let year = match c.peek()? {
        b'+' | b'-' => {
            let negative = c.peek() == Some(b'-');
            c.pos += 1;
            let y = c.digits(6)?;
            if negative && y == 0.0 {
                return None;
            }
            if negative {
                -y
            } else {
                y
            }
        }
        _ => c.digits(4)?,
    };
    let (mut month, mut date) = (1.0, 1.0);
    if c.eat(b'-') {
        month = c.digits(2)?;
        if !(1.0..=12.0).contains(&month) {
            return None;
        }
        if c.eat(b'-') {
            date = c.digits(2)?;
            if !(1.0..=31.0).contains(&date) {
                return None;
            }
        }
    }
    let (mut hours, mut minutes, mut seconds, mut ms) = (0.0, 0.0, 0.0, 0.0);
    let mut offset = Some(0.0); // date-only forms are UTC
    if c.eat(b'T') {
        hours = c.digits(2)?;
        if !c.eat(b':') {
            return None;
        }
        minutes = c.digits(2)?;
        if c.eat(b':') {
            seconds = c.digits(2)?;
            if c.eat(b'.') {
                let start = c.pos;
                let mut scale = 100.0;
                while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
                    ms += f64::from(d - b'0') * scale;
                    scale /= 10.0;
                    c.pos += 1;
                }
                ms = ms.floor();
                if c.pos == start {
                    return None;
                }
            }
        }
        if hours > 24.0 || minutes > 59.0 || seconds > 59.0 {
            return None;
        }
        if hours == 24.0 && (minutes != 0.0 || seconds != 0.0 || ms != 0.0) {
            return None;
        }
        offset = match c.peek() {
            Some(b'Z') => {
                c.pos += 1;
                Some(0.0)
            }
            Some(sign @ (b'+' | b'-')) => {
                c.pos += 1;
                let h = c.digits(2)?;
                if !c.eat(b':') {
                    return None;
                }
                let m = c.digits(2)?;
                if h > 23.0 || m > 59.0 {
                    return None;
                }
                let o = h * MS_PER_HOUR + m * MS_PER_MINUTE;
                Some(if sign == b'-' { -o } else { o })
            }
            _ => None,
        };
    }
    if !c.at_end() {
        return None;
    }
    let t = make_date(
        make_day(year, month - 1.0, date),
        make_time(hours, minutes, seconds, ms),
    );
    let t = match offset {
        Some(o) => t - o,
        None => utc(t),
    };
    Some(time_clip(t))
}

/// The forms of `toString` (`Tue Feb 01 2022 00:00:00 GMT+0000 (Zone)`), `toUTCString`
/// (`Tue, 01 Feb 2022 00:00:00 GMT`) and their date-only prefixes: words separated by spaces or
/// commas, a month name, a day, a year, an optional `hh:mm[:ss]` and an optional `GMT±hhmm`/`Z`.
/// A weekday name is ignored, a parenthesized comment skipped. Without a zone: local time.
fn parse_fallback(s: &str) -> Option<f64> {
    // Drop a trailing parenthesized comment.
    let s = match s.find('(') {
        Some(i) => {
            if !s.ends_with(')') {
                return None;
            }
            &s[..i]
        }
        None => s,
    };
    let mut month: Option<f64> = None;
    let mut numbers: Vec<f64> = Vec::new(); // the day and the year, in order
    let mut time: Option<(f64, f64, f64)> = None;
    let mut offset: Option<f64> = None;
    for word in s.split([' ', ',']).filter(|w| !w.is_empty()) {
        let lower = word.to_ascii_lowercase();
        if let Some(m) = MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(word.get(..3).unwrap_or("")))
            .filter(|_| word.len() >= 3 && word.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            if month.is_some() {
                return None;
            }
            month = Some(m as f64);
        } else if WEEKDAYS
            .iter()
            .any(|d| d.eq_ignore_ascii_case(word.get(..3).unwrap_or("")))
            && word.bytes().all(|b| b.is_ascii_alphabetic())
        {
            // A weekday name: ignored.
        } else if lower.starts_with("gmt") || lower.starts_with("utc") || lower == "z" {
            if offset.is_some() {
                return None;
            }
            let rest = if lower == "z" { "" } else { &word[3..] };
            offset = Some(parse_offset(rest)?);
        } else if (word.starts_with('+') || word.starts_with('-')) && time.is_some() {
            if offset.is_some() {
                return None;
            }
            offset = Some(parse_offset(word)?);
        } else if word.contains(':') {
            if time.is_some() {
                return None;
            }
            let mut parts = word.split(':');
            let mut next = |max: f64| -> Option<f64> {
                let p = parts.next()?;
                if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let v: f64 = p.parse().ok()?;
                (v <= max).then_some(v)
            };
            let h = next(24.0)?;
            let m = next(59.0)?;
            let sec = match parts.next() {
                None => 0.0,
                Some(p) => {
                    if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    let v: f64 = p.parse().ok()?;
                    if v > 59.0 {
                        return None;
                    }
                    v
                }
            };
            if parts.next().is_some() {
                return None;
            }
            time = Some((h, m, sec));
        } else {
            let (negative, digits) = match word.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, word),
            };
            if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            let v: f64 = digits.parse().ok()?;
            numbers.push(if negative { -v } else { v });
        }
    }
    let month = month?;
    let [date, year] = numbers[..] else {
        return None;
    };
    if !(1.0..=31.0).contains(&date) {
        return None;
    }
    let (h, m, sec) = time.unwrap_or((0.0, 0.0, 0.0));
    let t = make_date(make_day(year, month, date), make_time(h, m, sec, 0.0));
    let t = match offset {
        Some(o) => t - o,
        None => utc(t),
    };
    Some(time_clip(t))
}

/// `±hhmm` or `±hh:mm` (or nothing: +0), in milliseconds.
fn parse_offset(s: &str) -> Option<f64> {
    if s.is_empty() {
        return Some(0.0);
    }
    let (sign, rest) = match s.as_bytes()[0] {
        b'+' => (1.0, &s[1..]),
        b'-' => (-1.0, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|&c| c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<f64>().ok()?, 0.0),
        4 => (
            digits[..2].parse::<f64>().ok()?,
            digits[2..].parse::<f64>().ok()?,
        ),
        _ => return None,
    };
    if m > 59.0 {
        return None;
    }
    Some(sign * (h * MS_PER_HOUR + m * MS_PER_MINUTE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abstract_operations() {
        assert_eq!(year_from_time(0.0), 1970.0);
        assert_eq!(year_from_time(-1.0), 1969.0);
        assert_eq!(year_from_time(8.64e15), 275760.0);
        assert_eq!(year_from_time(-8.64e15), -271821.0);
        assert_eq!(make_day(2000.0, 1.0, 29.0), 11016.0);
        assert_eq!(iso_string(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_string(-8.64e15), "-271821-04-20T00:00:00.000Z");
        assert_eq!(parse("1970-01-01T00:00:00.000Z"), 0.0);
        assert!(parse("-000000-01-01").is_nan());
        assert_eq!(
            parse("Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)"),
            0.0
        );
        assert_eq!(parse("Thu, 01 Jan 1970 00:00:00 GMT"), 0.0);
        for s in [
            "",
            "(",
            "ä",
            "+",
            "-1",
            "Jan",
            "99999999999999999999 Jan 1",
            "T:::",
        ] {
            let _ = parse(s);
        }
    }
}
