"""`check-file`: is a laptop's or the central file whole? Its SQLite structure, whose file it is
and its schema, every record's hash, each device's chain and signature, each device's sequence,
the summaries sync relies on, and whose records the file does not count."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from survey_app.core.errors import SurveyAppError
from survey_app.core.keys import signature_is_valid
from survey_app.store import driver, personal
from survey_app.store.assignments import HOUSEHOLD_KINDS, held_scope, home_compound_sql
from survey_app.store.database import check_is_ours, table_names
from survey_app.store.encryption import file_key
from survey_app.store.migrations import pending_migrations
from survey_app.store.projection import watermark
from survey_app.store.sequences import DIGEST_MODULUS, SequenceSummary, digest_sql, read_sequences
from survey_app.store.trust import authority, declared_keys, uncounted_devices
from survey_app.sync.files import (
    SQLITE_FAILURES,
    check_header,
    check_location,
    connect_for_reading,
    file_error,
)
from survey_app.sync.plan import gaps
from survey_app.sync.union import record_hash

LISTED = 20
"""Problems of one kind listed one by one; beyond that they are counted."""


@dataclass(frozen=True)
class Finding:
    code: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass
class CheckReport:
    path: Path
    records: int = 0
    devices: int = 0
    schema_version: int | None = None
    role: str = ""
    problems: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    authority: str = ""
    uncounted: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, code: str, message: str) -> None:
        self.problems.append(Finding(code, message))

    def as_json(self) -> dict[str, object]:
        return {
            "file": str(self.path),
            "ok": self.ok,
            "role": self.role,
            "schema_version": self.schema_version,
            "records": self.records,
            "devices": self.devices,
            "authority": self.authority,
            "uncounted_devices": self.uncounted,
            "problems": [p.as_json() for p in self.problems],
            "notes": [n.as_json() for n in self.notes],
        }


def check_file(path: Path, passphrase: str | None = None) -> CheckReport:
    """Read the whole file, change nothing, and say what is wrong with it (`passphrase`: an
    encrypted file's; a wrong one is reported as the one problem, `wrong_passphrase`)."""
    report = CheckReport(path)
    try:
        check_location(path)
        if not path.exists():
            report.problem("missing_file", f"找不到文件 {path}")
            return report
        check_header(path)
        conn = connect_for_reading(path, file_key(path, passphrase))
    except SurveyAppError as error:
        report.problem(error.code, error.message)
        return report
    try:
        _check_open_file(conn, report)
    except SurveyAppError as error:
        report.problem(error.code, error.message)
    except SQLITE_FAILURES as error:
        found = file_error(path, error)
        report.problem("interrupted_sync" if found.code == "interrupted_sync" else "corrupt_file",
                       found.message)  # fmt: skip
    finally:
        conn.close()
    return report


def _check_open_file(db: driver.Connection, report: CheckReport) -> None:
    lines = [str(r[0]) for r in db.execute("PRAGMA integrity_check(20)").fetchall()]
    if lines != ["ok"]:
        for line in lines:
            report.problem("sqlite_structure", f"SQLite 结构检查:{line}")
        return
    check_is_ours(db, report.path)
    if not table_names(db):
        report.problem("empty_file", f"{report.path} 是空的 SQLite 文件,不是本应用的数据文件")
        return
    version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    report.schema_version = int(version[0]) if version else None
    device = db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
    report.role = "laptop" if device else "central"
    if pending_migrations(db):
        report.notes.append(
            Finding("older_schema", "数据版本较旧,下次由本应用打开或同步时自动升级")
        )
    _check_chains(db, report)
    actual = _actual_sequences(db)
    report.records = sum(s.records for s in actual.values())
    report.devices = len(actual)
    _check_sequences(db, report, actual)
    _check_replaced_votes(db, report)
    _note_wrong_compound_records(db, report)
    _check_personal(db, report)
    _note_uncounted(db, report)
    if int(db.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()[0]) > watermark(db):
        report.notes.append(
            Finding(
                "tables_behind",
                "查询表落后于记录(只发送的收集之后,或上次同步被中断),下次打开或同步时自动补齐",
            )
        )


def _rows(db: driver.Connection, sql: str) -> Iterator[tuple[object, ...]]:
    cursor = db.execute(sql)
    while batch := cursor.fetchmany(5000):
        yield from batch


def record_problems(db: driver.Connection, path: Path) -> list[Finding]:
    """Every record's hash, each device's chain and newest signature: what is wrong, if
    anything (what export and the office window check before they show a file's figures)."""
    report = CheckReport(path)
    _check_chains(db, report)
    return report.problems


def _check_chains(db: driver.Connection, report: CheckReport) -> None:
    """Every record's hash; each device's records in order, each naming the hash of the one
    before; and each device's newest signed record signed by the key the device declared,
    which with the chain vouches for every record before it. A laptop given some compounds
    holds part of the other devices' records: each run of consecutive records is checked so,
    its last record's signature vouching for the run (see sync/scope.py)."""
    found: dict[str, int] = {}

    def problem(code: str, message: str) -> None:
        found[code] = found.get(code, 0) + 1
        if found[code] <= LISTED:
            report.problem(code, message)

    keys = declared_keys(db)
    partial = _partly_held(db)
    last: tuple[object, ...] | None = None
    for row in _rows(
        db,
        "SELECT id, kind, device, seq, created_at, payload, hash, prev, signature FROM records "
        "ORDER BY device, seq",
    ):
        rid, kind, device, seq, created_at, payload, digest, prev, _signature = row
        where = f"记录 {rid}(设备 {_name(db, str(device))},第 {seq} 条)"
        if record_hash(str(rid), str(kind), str(device), seq, str(created_at), str(payload),
                       prev) != digest:  # fmt: skip
            problem("bad_hash", f"{where}与其校验值不符:记录被改动或文件已损坏")
        before = last if last is not None and last[2] == device else None
        if last is not None and before is None:
            _signed_head(last, keys, problem)  # the previous device's newest record
        run_ends = before is not None and before[3] != int(str(seq)) - 1
        if partial(str(device)) and run_ends:
            _signed_head(before, keys, problem)  # type: ignore[arg-type]
        if not _linked(row, None if partial(str(device)) and run_ends else before,
                       partial=partial(str(device))):  # fmt: skip
            problem("broken_chain", f"{where}与该设备的前一条记录接不上:有记录被删除、插入或改动")
        last = row
    if last is not None:
        _signed_head(last, keys, problem)
    for code, count in found.items():
        if count > LISTED:
            report.problem(code, f"另有 {count - LISTED} 条记录有同样的问题({code})")


def _partly_held(db: driver.Connection) -> Callable[[str], bool]:
    """Whether this file holds only part of a device's records: another device's, on a laptop
    the office gave some compounds."""
    if held_scope(db) is None:
        return lambda device: False
    own = db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
    return lambda device: own is None or device != own[0]


def _linked(
    row: tuple[object, ...], before: tuple[object, ...] | None, *, partial: bool = False
) -> bool:
    seq, prev, signature = row[3], row[7], row[8]
    if prev is None:  # from before signing: never after a signed record, never signed itself
        return signature is None and (before is None or before[7] is None)
    if before is None:
        return partial or (seq == 1 and prev == "")
    return bool(before[3] == int(str(seq)) - 1 and before[6] == prev)


def _signed_head(
    row: tuple[object, ...], keys: dict[str, str], problem: Callable[[str, str], None]
) -> None:
    rid, device, seq, digest, prev, signature = row[0], row[2], row[3], row[6], row[7], row[8]
    if prev is None:
        return
    if not signature_is_valid(keys.get(str(device), ""), str(digest), str(signature or "")):
        problem(
            "bad_signature",
            f"记录 {rid}(设备 {device},第 {seq} 条)没有该设备的有效签名:记录是伪造或被改动的",
        )


def _note_uncounted(db: driver.Connection, report: CheckReport) -> None:
    pinned = authority(db)
    report.authority = pinned
    if "trust" not in table_names(db):
        return
    for newcomer in uncounted_devices(db):
        name = newcomer.name or newcomer.device
        report.uncounted.append(newcomer.device)
        report.notes.append(
            Finding(
                "uncounted_device",
                f"设备 {name}(密钥指纹 {newcomer.fingerprint or '无'})的 {newcomer.records} 条记录"
                f"(其中意见 {newcomer.votes} 条)未计入统计:该设备未经办公室登记或已被撤销",
            )
        )


def _actual_sequences(db: driver.Connection) -> dict[str, SequenceSummary]:
    rows = db.execute(
        f"SELECT device, count(*), min(seq), max(seq), sum({digest_sql()}) % {DIGEST_MODULUS} "
        "FROM records GROUP BY device"
    ).fetchall()
    return {str(d): SequenceSummary(int(n), int(f), int(la), int(g)) for d, n, f, la, g in rows}


def _check_sequences(
    db: driver.Connection, report: CheckReport, actual: dict[str, SequenceSummary]
) -> None:
    partial = _partly_held(db)
    for device, missing in gaps(actual).items():
        if partial(device):
            continue  # the records of compounds not given to this laptop

        report.problem(
            "sequence_gap",
            f"设备 {_name(db, device)} 的记录序号不连续:"
            f"1–{actual[device].last} 中缺少 {missing} 条",
        )
    if "sequences" not in table_names(db):
        return
    stored = read_sequences(db)
    for device in sorted(set(stored) | set(actual)):
        if stored.get(device) != actual.get(device):
            report.problem(
                "summary_mismatch",
                f"设备 {_name(db, device)} 的记录与其汇总不符:有记录在写入后被删除或改动",
            )


def _check_replaced_votes(db: driver.Connection, report: CheckReport) -> None:
    rows = db.execute(
        "SELECT v.id, j.value FROM votes v, json_each(v.replaces) j "
        "WHERE NOT EXISTS (SELECT 1 FROM votes w WHERE w.id = j.value) LIMIT ?",
        [LISTED],
    ).fetchall()
    for vote, replaced in rows:
        report.problem("missing_vote", f"意见 {vote} 替换的意见 {replaced} 不在文件中")


_WRONG_COMPOUND_RECORDS = f"""
WITH written AS (
    SELECT id, kind, device, seq, json_extract(payload, '$.household') AS household,
           json_extract(payload, '$.compound') AS compound,
           json_extract(payload, '$.round') AS round
    FROM records WHERE kind IN ({", ".join(f"'{kind}'" for kind in sorted(HOUSEHOLD_KINDS))})
),
placed AS (SELECT written.*, {home_compound_sql("written.household")} AS home FROM written)
SELECT id, kind, device, household, compound, home FROM placed WHERE compound IS NOT home
  AND NOT (kind = 'vote' AND EXISTS (SELECT 1 FROM frozen_households f
           WHERE f.round = placed.round AND f.compound = placed.compound
             AND f.household = placed.household))
ORDER BY kind, device, seq
"""
"""Votes, survey answers and visits naming a compound that is not their household's (its
roster row's, else its id's, as store/assignments.py `household_compound` reads it); a vote
of a household a closed round froze in the compound it names still counts there
(`vote_counted_sql`), so it is not listed."""
_WRONG_COMPOUND_WORDS = {
    "vote": ("意见", "条意见写着其住户所在小区以外的小区,未计入统计"),
    "survey_answer": (
        "调查",
        "份调查写着其住户所在小区以外的小区,未计入住户的调查和任何小区的需求统计",
    ),
    "visit": ("走访", "次走访写着其住户所在小区以外的小区,未计入任何小区的走访"),
}


def _note_wrong_compound_records(db: driver.Connection, report: CheckReport) -> None:
    """Kept, counted in no compound (store/projection.py, survey_projection.py, visits.py),
    and listed, as an uncounted device's records are: a vote, survey answer or visit counts
    only for its household's compound."""
    if not {"households", "frozen_households"} <= set(table_names(db)):
        return
    found: dict[str, list[tuple[object, ...]]] = {}
    for row in db.execute(_WRONG_COMPOUND_RECORDS).fetchall():
        found.setdefault(str(row[1]), []).append(row)
    for kind, rows in found.items():
        what, more = _WRONG_COMPOUND_WORDS[kind]
        code = f"{kind}_wrong_compound"  # as the store's refusal of it
        for record, _kind, device, household, compound, home in rows[:LISTED]:
            report.notes.append(
                Finding(
                    code,
                    f"{what} {record}(设备 {_name(db, str(device))})为户 {household} 所记,却写着"
                    f"小区 {compound}(该户属于小区 {home}):未计入任何小区的统计",
                )
            )
        if len(rows) > LISTED:
            report.notes.append(Finding(code, f"另有 {len(rows) - LISTED} {more}"))


def _check_personal(db: driver.Connection, report: CheckReport) -> None:
    """Each personal row matches the digest its record signs, belongs to a record here, and
    is not one an erasure covers."""
    if "personal" not in table_names(db):
        return
    personal.prepare(db)
    rows = "FROM personal p JOIN records r ON r.id = p.record_id"
    for record in personal.forged_rows(db, rows, "main"):
        report.problem(
            "forged_personal",
            f"记录 {record} 的个人信息与记录签名的校验值不符:个人信息被改动过",
        )
    for record in personal.orphan_rows(db):  # never shown nor synced: its record is missing
        report.notes.append(
            Finding("orphan_personal", f"记录 {record} 的个人信息仍在,记录本身不在文件中")
        )
    for record in personal.erased_rows_held(db):
        report.problem("erased_personal_held", f"记录 {record} 的个人信息已被删除,却仍在文件中")


def _name(db: driver.Connection, device: str) -> str:
    row = db.execute("SELECT name FROM devices WHERE id = ?", [device]).fetchone()
    return f"{row[0]}({device})" if row and row[0] else device
