"""regex(): the whole value against a pattern, as ODK Collect (Java's Pattern.matches) does.

Patterns run on the `regex` module with a time limit: a pattern with catastrophic backtracking
(`^(a+)+$` on a long answer) stops with an evaluation error instead of freezing the window.
The `regex` module keeps the backtracking features Java patterns have and RE2 lacks (back
references, lookaround, possessive quantifiers, atomic groups).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from survey_app.core.vocabulary import Words
from survey_app.xlsform.xpath.scope import EvaluationError

TIME_LIMIT = 0.25  # seconds for one match; ordinary patterns take microseconds


@lru_cache(maxsize=512)
def compiled(pattern: str) -> regex.Pattern[str]:
    """The compiled pattern; raises regex.error for an invalid one."""
    return regex.compile(pattern, flags=regex.VERSION0)


def pattern_mistake(pattern: str, error: regex.error) -> Words:
    """What is wrong with an invalid pattern, for the form checker and for answer time."""
    where = f"(第 {error.pos + 1} 个字符处)" if error.pos is not None else ""
    return Words(
        f"正则表达式 {pattern!r} 写得不对{where};请检查括号、方括号是否配对,特殊字符前是否加了 \\",
        f"the pattern {pattern!r} is invalid: {error}",
    )


def matches(pattern: str, text: str) -> bool:
    try:
        return compiled(pattern).fullmatch(text, timeout=TIME_LIMIT) is not None
    except regex.error as error:
        raise EvaluationError(pattern_mistake(pattern, error)) from error
    except TimeoutError as error:
        said = Words(
            f"正则表达式 {pattern!r} 用在这个答案上计算超时(超过 {TIME_LIMIT} 秒)",
            f"regex pattern {pattern!r} took longer than {TIME_LIMIT} s on this answer",
        )
        raise EvaluationError(said) from error
