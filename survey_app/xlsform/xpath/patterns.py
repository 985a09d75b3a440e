"""regex(): the whole value against a pattern, as ODK Collect (Java's Pattern.matches) does.

Patterns run on the `regex` module with a time limit: a pattern with catastrophic backtracking
(`^(a+)+$` on a long answer) stops with an evaluation error instead of freezing the window.
The `regex` module keeps the backtracking features Java patterns have and RE2 lacks (back
references, lookaround, possessive quantifiers, atomic groups).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from survey_app.xlsform.xpath.scope import EvaluationError

TIME_LIMIT = 0.25  # seconds for one match; ordinary patterns take microseconds


@lru_cache(maxsize=512)
def compiled(pattern: str) -> regex.Pattern[str]:
    """The compiled pattern; raises regex.error for an invalid one."""
    return regex.compile(pattern, flags=regex.VERSION0)


def matches(pattern: str, text: str) -> bool:
    try:
        return compiled(pattern).fullmatch(text, timeout=TIME_LIMIT) is not None
    except regex.error as error:
        raise EvaluationError(f"regex pattern {pattern!r}: {error}") from error
    except TimeoutError as error:
        raise EvaluationError(
            f"regex pattern {pattern!r} took longer than {TIME_LIMIT} s on this answer "
            "(正则表达式计算超时)"
        ) from error
