"""Search shards: which articles share a Pagefind index, and Pagefind's files made
byte-stable. Pure: names, keys and bytes in, names, keys and bytes out.

An archive's search index is split into shards, each one Pagefind index over a run
of articles in output-path order (``YYYY/MM/slug``, so oldest first). Where a run
ends is decided by the articles themselves (content-defined chunking, as rsync and
backup tools cut files): an article starts a new shard when a hash of its path
falls on a multiple of the target size, so adding or deleting an article moves no
boundary but its own and changes one shard, not every shard after it. A shard has
at least a quarter and at most three times the target (``bounds``), which bounds
the memory of the Pagefind process that indexes it, however large the archive.

Pagefind writes a filter file's values, and the meta file's list of filter files,
in hash-map order, different on every run (Pagefind/pagefind#638); the files are
gzip-compressed CBOR. ``stable_bundle`` decodes those two kinds, sorts them,
encodes them again and names them by their new content, so the same pages give the
same bytes on every run.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any

SIGNATURE = b"pagefind_dcd"


def bounds(target: int) -> tuple[int, int]:
    """The fewest and most articles of one shard (but the last) for ``target``."""
    return max(1, target // 4), max(1, target * 3)


def plan_shards(paths: Sequence[str], target: int) -> list[list[str]]:
    """``paths`` (sorted) cut into runs of about ``target`` articles."""
    low, high = bounds(target)
    shards: list[list[str]] = []
    current: list[str] = []
    for path in paths:
        if current and (len(current) >= high or (len(current) >= low and _cuts(path, target))):
            shards.append(current)
            current = []
        current.append(path)
    if current:
        shards.append(current)
    return shards


def _cuts(path: str, target: int) -> bool:
    digest = hashlib.sha256(path.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % target == 0


class NotPagefind(ValueError):
    """A file is not in the format this module knows (another Pagefind version)."""


def stable_bundle(files: dict[str, bytes]) -> dict[str, bytes]:
    """One Pagefind bundle (path inside the bundle -> bytes) with its filter files
    and meta file sorted and renamed by content, and its entry file pointing at
    the new meta file. Raises NotPagefind when the files are not as expected."""
    try:
        entry = json.loads(files["pagefind-entry.json"])
        languages = entry["languages"]
    except (KeyError, ValueError, TypeError) as err:
        raise NotPagefind("no pagefind-entry.json") from err
    out = {p: b for p, b in files.items() if not p.startswith("filter/") and ".pf_meta" not in p}
    renamed: dict[str, str] = {}
    for path, data in sorted(files.items()):
        match = re.fullmatch(r"filter/([A-Za-z0-9_-]+)_[0-9a-f]+\.pf_filter", path)
        if match is None:
            continue
        name, values = _decode_file(data)
        if not isinstance(name, str) or not isinstance(values, list):
            raise NotPagefind(f"unexpected filter file {path}")
        values.sort(key=_value_key)
        stable = _encode_file([name, values])
        new = f"{match.group(1)}_{hashlib.sha256(stable).hexdigest()[:7]}"
        renamed[path[len("filter/") : -len(".pf_filter")]] = new
        out[f"filter/{new}.pf_filter"] = stable
    for language, about in sorted(languages.items()):
        old = about.get("hash") if isinstance(about, dict) else None
        meta_path = f"pagefind.{old}.pf_meta"
        if not isinstance(old, str) or meta_path not in files:
            raise NotPagefind(f"no meta file for {language}")
        meta = _decode_file(files[meta_path])
        stable = _encode_file(_stable_meta(meta, renamed))
        new = f"{language}_{hashlib.sha256(stable).hexdigest()[:10]}"
        out[f"pagefind.{new}.pf_meta"] = stable
        about["hash"] = new
    out["pagefind-entry.json"] = json.dumps(
        entry, ensure_ascii=False, separators=(",", ":")
    ).encode()
    return out


def _value_key(item: Any) -> tuple[str, str]:
    value = item[0] if isinstance(item, list) and item else item
    return (str(value), repr(item))


def _stable_meta(meta: Any, renamed: dict[str, str]) -> Any:
    """The meta record with every filter file's hash replaced by its new name and
    the list of filters sorted by filter name."""
    if not isinstance(meta, list):
        raise NotPagefind("unexpected meta file")
    found = 0
    for i, part in enumerate(meta):
        if not (isinstance(part, list) and part and all(isinstance(x, list) for x in part)):
            continue
        if not all(len(x) >= 2 and isinstance(x[1], str) and x[1] in renamed for x in part):
            continue
        meta[i] = sorted(([x[0], renamed[x[1]], *x[2:]] for x in part), key=repr)
        found += len(part)
    if found != len(renamed):
        raise NotPagefind("the meta file does not list every filter file")
    return meta


def _decode_file(data: bytes) -> Any:
    try:
        raw = gzip.decompress(data)
    except (OSError, EOFError) as err:
        raise NotPagefind("not gzip") from err
    if not raw.startswith(SIGNATURE):
        raise NotPagefind("no pagefind signature")
    value, end = _decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise NotPagefind("trailing bytes")
    return value


def _encode_file(value: Any) -> bytes:
    out = bytearray(SIGNATURE)
    _encode(value, out)
    return gzip.compress(bytes(out), compresslevel=6, mtime=0)


# CBOR (RFC 8949), the subset Pagefind writes: unsigned and negative integers,
# byte and text strings, arrays, maps and simple values, definite lengths only.


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    if at >= len(data):
        raise NotPagefind("truncated")
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        if at + size > len(data):
            raise NotPagefind("truncated")
        arg = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise NotPagefind("indefinite length or reserved value")
    if major == 0:
        return arg, at
    if major == 1:
        return -1 - arg, at
    if major in (2, 3):
        if at + arg > len(data):
            raise NotPagefind("truncated")
        chunk = data[at : at + arg]
        return (bytes(chunk) if major == 2 else _text(chunk)), at + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(arg):
            key, at = _decode(data, at)
            value, at = _decode(data, at)
            pairs.append((key, value))
        return _Map(pairs), at
    if major == 7 and info < 24:
        return _Simple(arg), at
    raise NotPagefind(f"unsupported CBOR item {head:#x}")


def _text(chunk: bytes) -> str:
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError as err:
        raise NotPagefind("bad text") from err


class _Map(list):  # type: ignore[type-arg]
    """A CBOR map kept as its (key, value) pairs in their order."""


class _Simple(int):
    """A CBOR simple value (false, true, null) kept as its number."""


def _head(major: int, arg: int, out: bytearray) -> None:
    if arg < 24:
        out.append(major << 5 | arg)
    elif arg < 1 << 8:
        out += bytes((major << 5 | 24, arg))
    elif arg < 1 << 16:
        out.append(major << 5 | 25)
        out += arg.to_bytes(2, "big")
    elif arg < 1 << 32:
        out.append(major << 5 | 26)
        out += arg.to_bytes(4, "big")
    else:
        out.append(major << 5 | 27)
        out += arg.to_bytes(8, "big")


def _encode(value: Any, out: bytearray) -> None:
    if isinstance(value, _Simple):
        out.append(7 << 5 | int(value))
    elif isinstance(value, int):
        _head(0, value, out) if value >= 0 else _head(1, -1 - value, out)
    elif isinstance(value, bytes):
        _head(2, len(value), out)
        out += value
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        _head(3, len(raw), out)
        out += raw
    elif isinstance(value, _Map):
        _head(5, len(value), out)
        for key, item in value:
            _encode(key, out)
            _encode(item, out)
    elif isinstance(value, list):
        _head(4, len(value), out)
        for item in value:
            _encode(item, out)
    else:
        raise NotPagefind(f"cannot encode {type(value).__name__}")
