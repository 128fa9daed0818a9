"""Conditional requests (RFC 9110 13) for `toolkit serve`: the validators of a file it sends, and whether a
request's If-None-Match or If-Modified-Since says the client's copy is the current one (answered 304, no body).

The entity tag is made of what a stat of the open file already gives, as nginx and Apache make theirs: its
inode, size and modification time in nanoseconds, never a hash of the content, which would read every file on
every request. A rebuild writes a changed page as a new file (a new inode and mtime) and carries an unchanged
one as a hard link of the same file, so a reader's copy of an unchanged page stays current across rebuilds.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from datetime import timezone
from email.utils import formatdate, parsedate_to_datetime

# RFC 9110 5.6.7: an HTTP-date is IMF-fixdate or one of two obsolete forms a recipient must still read. Anything
# else (`yesterday`, a date with a zone offset, two dates in one field) is no date and the condition is ignored:
# the standard library's parser takes all of those.
_DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_WHOLE_DAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_TIME = "[0-9]{2}:[0-9]{2}:[0-9]{2}"
_HTTP_DATE = re.compile(
    f"{_DAY}, [0-9]{{2}} {_MONTH} [0-9]{{4}} {_TIME} GMT"
    f"|{_WHOLE_DAY}, [0-9]{{2}}-{_MONTH}-[0-9]{{2}} {_TIME} GMT"
    f"|{_DAY} {_MONTH} (?:[0-9]{{2}}| [0-9]) {_TIME} [0-9]{{4}}"
)
# An entity tag of an If-None-Match list, weak or strong; the group is its opaque part, quotes included.
_ENTITY_TAG = re.compile(r'(?:W/)?("[^"]*")')
_GZIP_SUFFIX = "-gzip"


@dataclass(frozen=True)
class Validators:
    """What identifies one variant of a file to a cache."""

    etag: str  # strong, quoted
    modified: int | None  # the file's mtime in whole seconds; None while that second is not over

    @property
    def last_modified(self) -> str | None:
        return None if self.modified is None else formatdate(self.modified, usegmt=True)


def file_validators(file_status: os.stat_result, gzipped: bool, now: float) -> Validators:
    """The validators of the file `file_status` describes, sent gzip-compressed or as it is, at time `now`.

    The gzip variant's tag is the identity one's with a suffix: the two are different bytes, and a cache holding
    one must not be told it holds the other. No Last-Modified is given while the second of the file's mtime is
    not over (or is still to come, a clock set back): a second write in that same second would carry the same
    date, and a client asking If-Modified-Since with it would be told 304 for a page it does not have."""
    tag = f"{file_status.st_ino:x}-{file_status.st_size:x}-{file_status.st_mtime_ns:x}"
    seconds = file_status.st_mtime_ns // 1_000_000_000
    modified = seconds if seconds < math.floor(now) else None
    return Validators(f'"{tag}{_GZIP_SUFFIX if gzipped else ""}"', modified)


def http_date_seconds(value: str) -> int | None:
    """Seconds since the epoch of an HTTP-date, or None when `value` is none."""
    value = value.strip(" \t")
    if not _HTTP_DATE.fullmatch(value):
        return None
    try:
        moment = parsedate_to_datetime(value)
    except ValueError:  # a day, hour or year out of range
        return None
    # Every form of HTTP-date is in GMT; asctime's names no zone, which the parser leaves naive.
    return math.floor(moment.timestamp() if moment.tzinfo else moment.replace(tzinfo=timezone.utc).timestamp())


def is_not_modified(if_none_match: list[str], if_modified_since: list[str], current: Validators) -> bool:
    """Whether a GET or HEAD with these If-None-Match and If-Modified-Since headers (each as sent, any number
    of them) is answered 304 for a file whose validators are `current` (RFC 9110 13.2.2).

    If-None-Match, when sent, decides alone, its tags compared weakly (a W/ tag matches the same tag sent
    strong); If-Modified-Since counts only without it, only as one valid date, and only for a file with a
    Last-Modified."""
    if if_none_match:
        if any(value.strip(" \t") == "*" for value in if_none_match):
            return True
        return any(tag == current.etag for value in if_none_match for tag in _ENTITY_TAG.findall(value))
    if len(if_modified_since) != 1 or current.modified is None:
        return False
    since = http_date_seconds(if_modified_since[0])
    return since is not None and current.modified <= since
