"""Plain-data codec for cache values: msgpack, plus an allow-list of newsgen records.

The cache folder is untrusted input (CI restores it from caches other branches
write), so a value read back must never be able to run code: no pickle, no
import by a name taken from the data. Values are msgpack (str, bytes, int,
float, bool, None, arrays and maps), and three kinds of tagged value, each a map
of one negative integer key (the tag) to an array of fields (plain maps are keyed
by strings or bytes; every map passes through one hook, in one pass, so a tagged value
costs no nested decoder):

- a newsgen record (frozen dataclass) as its type's number in ``_RECORD_NAMES``
  (a fixed table in this file) and its field values in order; decoding checks
  the number of fields and each field's top-level type before calling the
  constructor, so a record holds what its annotations say or is refused;
- a ``datetime`` as its fields, ``fold`` and time zone: none, a fixed offset
  (``datetime.timezone``, UTC being its zero offset), or an IANA key
  (``ZoneInfo``); the repr of the value read back equals the one written, which
  page fingerprints rely on;
- a ``date``.

Arrays decode as tuples (what the records hold). Anything else raises
``CodecError`` on either side.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import typing
from datetime import date, datetime, timedelta, timezone
from functools import cache
from types import NoneType, UnionType
from typing import Any
from zoneinfo import ZoneInfo

import msgpack

# The records a cache value may hold: tag -> (module, class name). Tags
# are never reused: a changed table means a new cache schema (cache.SCHEMA).
_RECORD_NAMES: dict[int, tuple[str, str]] = {
    1: ("newsgen.model", "Article"),
    2: ("newsgen.model", "ArticleHead"),
    3: ("newsgen.model", "ArticleDigest"),
    4: ("newsgen.model", "Mention"),
    5: ("newsgen.model", "Discarded"),
    6: ("newsgen.model", "RawRecord"),
    7: ("newsgen.parse", "Parsed"),
    8: ("newsgen.errors", "Problem"),
    9: ("newsgen.index.records", "Redirect"),
    10: ("newsgen.model", "ImageSpec"),
    11: ("newsgen.model", "Rendition"),
    12: ("newsgen.model", "Picture"),
}
_DATETIME = 100  # tags of the other tagged values
_DATE = 101
_ZONE_KEY = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*")
_UNICODE = "surrogatepass"  # file names may hold lone surrogates (surrogateescape)


class CodecError(ValueError):
    """A value that is not plain data of the kinds above."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Record:
    cls: type
    fields: tuple[str, ...]
    types: tuple[type | tuple[type, ...], ...]  # what isinstance accepts, per field


_CODE_OF = {name: code for code, name in _RECORD_NAMES.items()}


@cache
def _record(code: int) -> _Record | None:
    """The allow-listed record of ``code``, its module imported on first use (a
    build that decodes only warnings must not import the readers)."""
    import importlib

    found = _RECORD_NAMES.get(code)
    if found is None:
        return None
    module, name = found
    cls = getattr(importlib.import_module(module), name)
    names = tuple(f.name for f in dataclasses.fields(cls))
    namespace = vars(sys.modules[module])
    hints = typing.get_type_hints(cls, namespace, namespace)
    return _Record(cls, names, tuple(_accepted(hints[n]) for n in names))


def _accepted(hint: Any) -> type | tuple[type, ...]:
    """The classes ``isinstance`` must accept for a field annotated ``hint``
    (its top level only: a tuple's items are checked by their own records)."""
    origin: type | None = typing.get_origin(hint)
    if origin in (typing.Union, UnionType):
        found: list[type] = []
        for arg in typing.get_args(hint):
            accepted = _accepted(arg)
            found.extend(accepted if isinstance(accepted, tuple) else (accepted,))
        return tuple(found)
    if hint is None or hint is NoneType:
        return NoneType
    if origin is not None:
        return origin  # tuple[str, ...] -> tuple
    if hint is float:
        return (float, int)
    return hint  # type: ignore[no-any-return]


def _default(value: object) -> dict[int, tuple[Any, ...]]:
    """A value msgpack does not know, as a tagged map (see ``_tagged``)."""
    kind = type(value)
    if kind is datetime:
        return {-_DATETIME: _datetime_fields(value)}  # type: ignore[arg-type]
    if kind is date:
        return {-_DATE: (value.year, value.month, value.day)}  # type: ignore[attr-defined]
    code = _CODE_OF.get((kind.__module__, kind.__qualname__), 0)
    record = _record(code)
    if record is None or record.cls is not kind:
        raise CodecError(f"not a cacheable value: {kind.__name__}")
    return {-code: tuple([getattr(value, n) for n in record.fields])}


def _datetime_fields(moment: datetime) -> tuple[Any, ...]:
    tz = moment.tzinfo
    zone: Any
    if tz is None:
        zone = None
    elif type(tz) is ZoneInfo:
        zone = tz.key
    elif type(tz) is timezone:
        # typeshed leaves out __getinitargs__, the one way to tell a named zone
        args = tz.__getinitargs__()  # type: ignore[attr-defined]  # (offset,) or (offset, name)
        seconds = args[0] // timedelta(microseconds=1)
        zone = (seconds,) if len(args) == 1 else (seconds, args[1])
    else:
        raise CodecError(f"not a cacheable time zone: {type(tz).__name__}")
    return (
        moment.year, moment.month, moment.day, moment.hour, moment.minute,
        moment.second, moment.microsecond, moment.fold, zone,
    )  # fmt: skip


@cache
def _zone(spec: str | tuple[Any, ...]) -> Any:
    if isinstance(spec, str):
        if not _ZONE_KEY.fullmatch(spec):
            raise CodecError("not a time zone key")
        return ZoneInfo(spec)
    if len(spec) == 1 and type(spec[0]) is int:
        return timezone(timedelta(microseconds=spec[0]))
    if len(spec) == 2 and type(spec[0]) is int and type(spec[1]) is str:
        return timezone(timedelta(microseconds=spec[0]), spec[1])
    raise CodecError("not a time zone")


def _tagged(found: dict[Any, Any]) -> Any:
    """Makes each map (msgpack's object_hook): a map of one negative integer key
    is a tagged value, the tag's number negated and its fields (plain maps are
    keyed by strings or bytes); any other map is itself."""
    if len(found) != 1:
        return found
    ((code, fields),) = found.items()
    if type(code) is not int or code >= 0:
        return found
    code = -code
    if type(fields) is not tuple:
        raise CodecError("a tagged value without fields")
    if code == _DATETIME:
        if len(fields) != 9:
            raise CodecError("not a datetime")
        zone = fields[8]
        tz = None if zone is None else _zone(zone)
        return datetime(
            fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6],
            tzinfo=tz, fold=fields[7],
        )  # fmt: skip
    if code == _DATE:
        return date(*fields)
    record = _record(code)
    if record is None:
        raise CodecError(f"unknown record type {code}")
    if len(fields) != len(record.types) or not all(map(isinstance, fields, record.types)):
        raise CodecError(f"a {record.cls.__name__} with fields of the wrong kind")
    return record.cls(*fields)


def _no_extension(code: int, data: bytes) -> Any:
    raise CodecError(f"msgpack extension {code}")


def _packb(value: object) -> bytes:
    return msgpack.packb(value, default=_default, use_bin_type=True, unicode_errors=_UNICODE)  # type: ignore[no-any-return]


def _unpackb(data: bytes) -> Any:
    return msgpack.unpackb(
        data,
        object_hook=_tagged,
        ext_hook=_no_extension,
        use_list=False,
        raw=False,
        strict_map_key=False,
        unicode_errors=_UNICODE,
    )


def encode(value: object) -> bytes:
    """``value`` as bytes; CodecError when it holds anything not listed above."""
    try:
        return _packb(value)
    except CodecError:
        raise
    except (TypeError, ValueError, OverflowError) as exc:
        raise CodecError(f"not cacheable: {exc}") from None


def decode(data: bytes) -> Any:
    """The value ``encode`` made these bytes from; CodecError for any other bytes."""
    try:
        return _unpackb(data)
    except CodecError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to decode: the bytes are not ours
        raise CodecError(f"undecodable: {type(exc).__name__}") from None
