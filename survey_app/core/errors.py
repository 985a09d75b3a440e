"""Errors meant for people: each carries a code, its parameters and a readable message.

The core returns codes; the CLI prints the message, the UI may word the code itself.
"""

from __future__ import annotations


class SurveyAppError(Exception):
    """A problem the user can fix: bad input, a refused action, an unreadable file."""

    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.params = params

    def __str__(self) -> str:
        return self.message


class InvalidInput(SurveyAppError):
    code = "invalid_input"


class NotFound(SurveyAppError):
    code = "not_found"


class RefusedAction(SurveyAppError):
    """The action is understood but not allowed now (round not open, round 2 before round 1...)."""

    code = "refused"


class UnreadableFile(SurveyAppError):
    code = "unreadable_file"


class IntegrityError(SurveyAppError):
    """Stored records disagree with their hashes or with each other: corruption or tampering."""

    code = "integrity"
