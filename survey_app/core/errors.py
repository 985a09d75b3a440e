"""Errors meant for people: each carries a code, its parameters and a readable message.

Every code has a Chinese and an English template in `core.vocabulary.ERRORS`, filled from the
parameters. The message is the Chinese one unless a raise site words its own; the CLI prints
the message, the window shows the template of its language.
"""

from __future__ import annotations


class SurveyAppError(Exception):
    """A problem the user can fix: bad input, a refused action, an unreadable file."""

    code: str = "error"

    def __init__(
        self, message: str | None = None, *, code: str | None = None, **params: object
    ) -> None:
        if code is not None:
            self.code = code
        self.params = params
        if message is None:
            from survey_app.core.vocabulary import error_message  # it imports the core's enums

            message = error_message(self.code, params)
        super().__init__(message)
        self.message = message

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
