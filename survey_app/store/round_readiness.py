"""Before a round closes: which enrolled field laptops have sent no vote of it yet.

A laptop's vote of a round shows it had the round's opening and synced after it; a laptop with
none may still hold votes it has not synced (or it works elsewhere). Nothing here reads a
clock: the evidence is the records this file holds."""

from __future__ import annotations

from datetime import date

from survey_app.store.assignments import vote_counted_sql
from survey_app.store.database import Store
from survey_app.store.trust import FIELD, device_fingerprints

_SILENT = f"""
SELECT t.device, coalesce(nullif(d.name, ''), t.device)
FROM trust t LEFT JOIN devices d ON d.id = t.device
WHERE t.role = ? AND t.up_to_seq IS NULL
  AND NOT EXISTS (
    SELECT 1 FROM votes v WHERE v.device = t.device AND v.compound = ? AND v.round = ?
      AND {vote_counted_sql("v")}
  )
ORDER BY 2, 1
"""
"""A vote that counts nowhere (its household is in another compound) is no sign of a sync."""


_ENROLLED_KEYS = """
SELECT DISTINCT json_extract(payload, '$.fingerprint') FROM counted_records
WHERE kind = 'enrolment' AND by_office AND json_extract(payload, '$.role') = ?
  AND json_extract(payload, '$.fingerprint') IS NOT NULL
EXCEPT
SELECT json_extract(payload, '$.fingerprint') FROM counted_records
WHERE kind = 'revocation' AND by_office
"""


def laptops_without_votes(*, store: Store, compound: str, round_no: int) -> list[str]:
    """The names of enrolled, unrevoked field laptops with no vote of this round here; a
    laptop enrolled by its fingerprint whose records never reached this file is named by
    that fingerprint."""
    rows = store.db.execute(_SILENT, [FIELD, compound, round_no]).fetchall()
    known = set(device_fingerprints(store.db).values())
    unseen = sorted(
        str(fp) for (fp,) in store.db.execute(_ENROLLED_KEYS, [FIELD]) if str(fp) not in known
    )
    return [str(name) for _device, name in rows] + unseen


def ends_after(ends: str | None, day: date) -> bool:
    """The round's announced end date is after `day` (closing now is early)."""
    return ends is not None and date.fromisoformat(ends) > day
