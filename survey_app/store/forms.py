"""Survey forms the office published (`form` records): a new version of a shipped form, or a
further form for the batch. They sync like every record that names no compound, so each
laptop receives them at its next sync; only those written by a device the file counts as an
office are used (a forged or a field laptop's form record is kept and ignored).

Of several versions of one form, the one in force is the highest version (compared part by
part, numbers as numbers: 2027.10 after 2027.9); the earlier ones stay readable, for the needs
list to know what each version asked.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass

from survey_app.core.errors import InvalidInput
from survey_app.core.payloads import FormPayload
from survey_app.store.database import Store
from survey_app.store.trust import OFFICE, Standing, read_trust

MAX_WORKBOOK = 4 * 1024 * 1024
"""A form's workbook is a few tens of kB; a larger file is refused rather than synced."""


@dataclass(frozen=True)
class PublishedForm:
    record: str
    form_id: str
    version: str
    title: str
    file_name: str
    sha256: str
    device: str
    created_at: str

    def as_json(self) -> dict[str, str]:
        return {
            "record": self.record,
            "form_id": self.form_id,
            "version": self.version,
            "title": self.title,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "created_at": self.created_at,
        }


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """`2027.10` after `2027.9`; numbers before words within a part."""
    parts = re.split(r"[.\-_ ]", version.strip())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def publish_form(
    *, store: Store, form_id: str, version: str, title: str, file_name: str, workbook: bytes
) -> PublishedForm:
    """Keep the workbook as an office record (inside a transaction of the caller's or its
    own). The same version again with the same bytes is already there; with other bytes it is
    refused: a changed form needs a new version, or answers could not say what they answered."""
    if len(workbook) > MAX_WORKBOOK:
        raise InvalidInput(code="form_too_large", size=len(workbook), limit=MAX_WORKBOOK)
    digest = hashlib.sha256(workbook).hexdigest()
    for known in published_forms(store=store, form_id=form_id, every_version=True):
        if known.version == version:
            if known.sha256 == digest:
                return known
            raise InvalidInput(code="form_version_taken", form=form_id, version=version)
    payload = FormPayload(
        form_id=form_id,
        version=version,
        title=title,
        file_name=file_name,
        sha256=digest,
        workbook=base64.b64encode(workbook).decode("ascii"),
    )
    with store.transaction():
        record = store.append(payload)
    return PublishedForm(
        str(record.id), form_id, version, title, file_name, digest, str(record.device),
        str(record.created_at),
    )  # fmt: skip


def _counted(standing: Standing | None, seq: int) -> bool:
    if standing is None or standing.role != OFFICE:
        return False
    return standing.up_to_seq is None or seq <= standing.up_to_seq


_SELECT = (
    "SELECT id, device, seq, created_at, json_extract(payload, '$.form_id'), "
    "json_extract(payload, '$.version'), json_extract(payload, '$.title'), "
    "json_extract(payload, '$.file_name'), json_extract(payload, '$.sha256') "
    "FROM records WHERE kind = 'form'"
)


def published_forms(
    *, store: Store, form_id: str | None = None, every_version: bool = False
) -> list[PublishedForm]:
    """The counted published forms (of one form_id), the one in force of each form only
    unless `every_version`; by form_id, then version."""
    trust = read_trust(store.db)
    rows = store.db.execute(_SELECT + " ORDER BY id").fetchall()
    found: dict[tuple[str, str], PublishedForm] = {}
    for record, device, seq, created, fid, version, title, name, digest in rows:
        if form_id is not None and fid != form_id:
            continue
        if not _counted(trust.get(str(device)), int(seq)):
            continue
        form = PublishedForm(str(record), str(fid), str(version), str(title), str(name),
                             str(digest), str(device), str(created))  # fmt: skip
        found.setdefault((form.form_id, form.version), form)  # the first of a twice-published
    ordered = sorted(found.values(), key=lambda f: (f.form_id, version_key(f.version)))
    if every_version:
        return ordered
    newest: dict[str, PublishedForm] = {}
    for form in ordered:
        newest[form.form_id] = form
    return list(newest.values())


def published_workbook(*, store: Store, record: str) -> bytes:
    """The workbook of a published form, checked against its SHA-256."""
    row = store.db.execute(
        "SELECT payload FROM records WHERE id = ? AND kind = 'form'", [record]
    ).fetchone()
    if row is None:
        raise InvalidInput(code="unknown_form_record", record=record)
    data = FormPayload.from_json(json.loads(row[0]))
    workbook = base64.b64decode(data.workbook, validate=True)
    if hashlib.sha256(workbook).hexdigest() != data.sha256:
        raise InvalidInput(code="form_workbook_altered", form=data.form_id, version=data.version)
    return workbook


def households_by_version(*, store: Store) -> dict[tuple[str, str], int]:
    """How many households' current answers were made with each (form_id, version)."""
    rows = store.db.execute(
        "SELECT s.form_id, s.form_version, count(*) FROM survey_current c "
        "JOIN survey_answers s ON s.id = c.answer_id GROUP BY s.form_id, s.form_version"
    ).fetchall()
    return {(str(form_id), str(version or "")): int(count) for form_id, version, count in rows}
