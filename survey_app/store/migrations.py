"""Schema changes, only ever by new migrations; an applied migration is never edited.

`records` is the log every laptop writes and every sync unions. The other tables are
projections rebuilt from records in the same transaction that adds them.

sqlite-utils' `Migrations` applies them and records each in `_sqlite_migrations`. It is
imported only when a step is pending (a new file, or one of an older version): sqlite-utils
imports pandas and numpy as it loads, about a second of start-up, and opening a file that is
up to date needs one plain query to know it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from survey_app.store import driver
from survey_app.store.sequences import (
    create_sequences_table,
    create_stale_marks,
    update_sequences,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "survey_app"
Step = Callable[["Database"], None]
STEPS: list[Step] = []


def migration(step: Step) -> Step:
    """Register the next step, in the order of the module."""
    STEPS.append(step)
    return step


@migration
def m001_records_and_projections(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE records (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            device TEXT NOT NULL,
            seq INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            payload TEXT NOT NULL,
            hash TEXT NOT NULL,
            UNIQUE (device, seq)
        );
        CREATE INDEX records_kind ON records (kind);
        CREATE TABLE devices (
            id TEXT PRIMARY KEY, name TEXT, surveyor TEXT,
            record_id TEXT NOT NULL, created_at TEXT NOT NULL
        );
        CREATE TABLE compounds (
            code TEXT PRIMARY KEY, name TEXT NOT NULL, district TEXT, street TEXT,
            community TEXT, built INTEGER,
            record_id TEXT NOT NULL, created_at TEXT NOT NULL
        );
        CREATE TABLE households (
            id TEXT PRIMARY KEY, compound TEXT NOT NULL, address TEXT NOT NULL,
            building TEXT NOT NULL, unit TEXT, room TEXT NOT NULL,
            head TEXT, phone TEXT, area TEXT, tenure TEXT, eligible INTEGER NOT NULL,
            note TEXT, record_id TEXT NOT NULL, created_at TEXT NOT NULL
        );
        CREATE INDEX households_compound ON households (compound, building);
        CREATE TABLE rounds (
            compound TEXT NOT NULL, round INTEGER NOT NULL,
            threshold_num INTEGER, threshold_den INTEGER, inclusive INTEGER,
            double_majority INTEGER, starts TEXT, ends TEXT,
            opened_record TEXT, opened_at TEXT,
            cutoff TEXT, fingerprint TEXT, closed_record TEXT, closed_at TEXT,
            PRIMARY KEY (compound, round)
        );
        CREATE TABLE votes (
            id TEXT PRIMARY KEY, household TEXT NOT NULL, compound TEXT NOT NULL,
            round INTEGER NOT NULL, choice TEXT NOT NULL, signer TEXT, relation TEXT,
            channel TEXT, note TEXT, surveyor TEXT, has_signature INTEGER NOT NULL,
            replaces TEXT NOT NULL, device TEXT NOT NULL, seq INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX votes_round ON votes (compound, round);
        CREATE INDEX votes_household ON votes (household, round);
        """
    )


@migration
def m002_household_outcomes(db: Database) -> None:
    """Each household's effective outcome per round, kept up to date by the projection."""
    from survey_app.store.projection import refresh_all_outcomes

    db.executescript(
        """
        CREATE TABLE outcomes (
            household TEXT NOT NULL, round INTEGER NOT NULL, compound TEXT NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (household, round)
        ) WITHOUT ROWID;
        """
    )
    from survey_app.store.frozen_rounds import create_frozen_tables

    create_frozen_tables(db.conn)  # read by the outcomes (a closed round's households); empty
    refresh_all_outcomes(db.conn)


@migration
def m003_household_count_index(db: Database) -> None:
    """Counting the eligible households of every compound reads this index alone."""
    db.execute("CREATE INDEX households_eligible ON households (compound, eligible, id)")


@migration
def m004_survey_answers(db: Database) -> None:
    """Survey answers (入户需求调查): each submission, and each household's current one."""
    from survey_app.store.survey_projection import refresh_all_survey_answers

    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS survey_answers (
            id TEXT PRIMARY KEY, household TEXT NOT NULL, compound TEXT NOT NULL,
            form_id TEXT NOT NULL, form_version TEXT, surveyor TEXT,
            replaces TEXT NOT NULL, device TEXT NOT NULL, seq INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS survey_answers_household ON survey_answers (household, form_id);
        CREATE TABLE IF NOT EXISTS survey_current (
            household TEXT NOT NULL, form_id TEXT NOT NULL, compound TEXT NOT NULL,
            answer_id TEXT NOT NULL,
            PRIMARY KEY (household, form_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS survey_current_compound ON survey_current (compound, form_id);
        """
    )
    refresh_all_survey_answers(db.conn)


@migration
def m005_sequences(db: Database) -> None:
    """Per-device summaries of the records, so sync knows what is new without a scan."""
    create_sequences_table(db.conn)
    update_sequences(db.conn)


@migration
def m006_local_drafts(db: Database) -> None:
    """Half-filled surveys, kept on this laptop only: drafts are not records and never sync."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS drafts (
            household TEXT NOT NULL, form TEXT NOT NULL, answers TEXT NOT NULL,
            position TEXT, updated_at TEXT NOT NULL,
            PRIMARY KEY (household, form)
        );
        """
    )


@migration
def m007_household_search_keys(db: Database) -> None:
    """Phones as digits and names as pinyin, for search; filled here for the households
    already in the file, then by the projection as households are written."""
    from survey_app.store.search_keys import refresh_all_household_keys

    refresh_all_household_keys(db.conn)


@migration
def m008_signed_records(db: Database) -> None:
    """Records gain their place in the device's chain and the device's signature; records
    already here keep neither and are, from now on, records from before signing. The `trust`
    table says whose records count. A file whose own device wrote compounds, rosters or rounds
    was an office: it becomes the authority of its batch, pinned to the key its device gets
    when the file is next opened (see `open_store`)."""
    from survey_app.store.projection import mark_trust_stale
    from survey_app.store.trust import CREATE_TABLE

    db.executescript(
        f"""
        ALTER TABLE records ADD COLUMN prev TEXT;
        ALTER TABLE records ADD COLUMN signature TEXT;
        {CREATE_TABLE};
        """
    )
    mark_trust_stale(db.conn)
    own = db.conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
    if own is None:
        return
    office_work = db.conn.execute(
        "SELECT 1 FROM records WHERE device = ? AND kind IN "
        "('compound', 'household', 'round_opened', 'round_closed') LIMIT 1",
        [own[0]],
    ).fetchone()
    if office_work:
        db.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('authority_pending', 'self')"
        )


@migration
def m009_frozen_rounds(db: Database) -> None:
    """The rule and eligible households each close froze (closes of older versions froze none
    and keep reading the current roster)."""
    from survey_app.store.frozen_rounds import create_frozen_tables, refresh_all_frozen_rounds

    create_frozen_tables(db.conn)
    refresh_all_frozen_rounds(db.conn)


@migration
def m010_deleted_records_recounted(db: Database) -> None:
    """A record deleted from the log (by `device reset`, or by hand) marks its device, whose
    summary is then counted again, so no sync believes a file holds what it lost."""
    create_stale_marks(db.conn)


@migration
def m011_versions(db: Database) -> None:
    """Which compound, roster row and round opening is in force comes from what each record
    supersedes (store/versions.py); the records already here name nothing and keep the order
    they had, by date, so the tables this step fills agree with the ones the file has."""
    from survey_app.store.personal import CREATE_TABLES as PERSONAL_TABLES
    from survey_app.store.projection import COUNTED_VIEW, PROJECTORS
    from survey_app.store.versions import create_version_tables

    create_version_tables(db.conn)
    db.conn.execute(COUNTED_VIEW)
    db.executescript(PERSONAL_TABLES)  # read by today's projectors (empty until m013's records)
    for kind in ("compound", "household", "round_opened"):
        PROJECTORS[kind](db.conn, 0)


@migration
def m012_assignments(db: Database) -> None:
    """A laptop given some compounds keeps, per device, how far it has considered the central
    file's records (store/assignments.py); a laptop never given any keeps none."""
    from survey_app.store.assignments import CREATE_TABLE

    db.conn.execute(CREATE_TABLE)


@migration
def m013_personal_data(db: Database) -> None:
    """Personal fields move beside the records (`personal`, under a salted digest the record
    signs) so that an erasure can delete them; the records already here keep theirs inside."""
    from survey_app.store.personal import CREATE_TABLES

    db.executescript(CREATE_TABLES)


@migration
def m015_visits(db: Database) -> None:
    """Visits that gave no opinion (无人在家, 改日再访, 拒绝入户, 空置): a new record kind and
    its table; no file has visit records yet, so there is nothing to project."""
    from survey_app.store.visit_projection import create_visits_table

    create_visits_table(db.conn)


@migration
def m016_vote_voids(db: Database) -> None:
    """Voided votes (store/voids.py); no file has void records yet, so the table starts empty."""
    from survey_app.store.void_projection import create_voids_table

    create_voids_table(db.conn)


@migration
def m017_draft_started(db: Database) -> None:
    """A survey draft keeps when it began: the submission's `start` is that moment, not the
    time it was reopened or sent."""
    db.execute("ALTER TABLE drafts ADD COLUMN started_at TEXT")


@migration
def m019_pending_outcomes(db: Database) -> None:
    """The households awaiting verification, indexed: counting the conflicts after a sync
    reads those, not every vote of the file."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS outcomes_pending ON outcomes (compound, round) "
        "WHERE kind = 'pending'"
    )


@migration
def m020_search_index(db: Database) -> None:
    """Search reads an index, not every household: addresses by a B-tree, names, phones and
    pinyin by an FTS5 trigram table (store/search_index.py), filled here, then kept by the
    projection."""
    from survey_app.store.search_index import create_search_index, rebuild_search_index

    db.conn.execute("CREATE INDEX IF NOT EXISTS households_address ON households (address)")
    create_search_index(db.conn)
    rebuild_search_index(db.conn)


@migration
def m021_draft_form_version(db: Database) -> None:
    """A survey draft keeps the version of the form it was filled in with, so a draft begun
    before a new version arrived is carried over to it and says what did not fit."""
    db.execute("ALTER TABLE drafts ADD COLUMN form_version TEXT")


@migration
def m023_search_long_keys(db: Database) -> None:
    """The pinyin keys after the surname also of 4 to 6 letters (store/search_index.py), so a
    long spelling typed in full is narrowed to the names it can spell: the index rebuilt."""
    from survey_app.store.search_index import rebuild_search_index

    rebuild_search_index(db.conn)


@migration
def m027_compound_counts(db: Database) -> None:
    """Every compound's counts per round, kept by the projection (store/count_projection.py):
    the ranking reads 2,000 rows, not every household of the city joined with its outcome."""
    from survey_app.store.count_projection import refresh_all_counts

    refresh_all_counts(db.conn)


@migration
def m028_central_search_deferred(db: Database) -> None:
    """A central file indexes a household new to it for search when a search first reads the
    index, not while its tables are brought up to date after a collection
    (store/search_index.py). A central file is one with records and no device of its own (a
    laptop's file has its device from its first open on); its index so far is complete, so it
    has read what the projections have."""
    from survey_app.store.personal import PERSONAL_WATERMARK_KEY
    from survey_app.store.projection import watermark
    from survey_app.store.search_index import defer_search_index, set_index_marks

    conn = db.conn
    own = conn.execute("SELECT 1 FROM meta WHERE key = 'device_id'").fetchone()
    written = conn.execute("SELECT 1 FROM records LIMIT 1").fetchone()
    if written and not own:
        personal = conn.execute(
            "SELECT value FROM meta WHERE key = ?", [PERSONAL_WATERMARK_KEY]
        ).fetchone()
        defer_search_index(conn)
        set_index_marks(conn, watermark(conn), int(personal[0]) if personal else 0)


@migration
def m029_replacing_votes(db: Database) -> None:
    """The votes that replace others indexed apart (store/projection.py `REPLACING_INDEX`):
    the outcomes' recount finds them there instead of reading every vote touched twice."""
    from survey_app.store.projection import REPLACING_INDEX_SQL

    db.execute(REPLACING_INDEX_SQL)


@migration
def m030_vote_details_beside_their_records(db: Database) -> None:
    """`votes` keeps what the outcomes and tallies read; a vote's signer, relation, channel,
    note, surveyor and signature are read from its record and personal row when it is shown
    (store/votes.py). The table is rebuilt without those columns (rowids kept); the old
    table's pages are zeroed as it is dropped (`secure_delete`), with the signers' names."""
    from survey_app.store.projection import REPLACING_INDEX_SQL

    db.executescript(
        """
        CREATE TABLE votes_slim (
            id TEXT PRIMARY KEY, household TEXT NOT NULL, compound TEXT NOT NULL,
            round INTEGER NOT NULL, choice TEXT NOT NULL, replaces TEXT NOT NULL,
            device TEXT NOT NULL, seq INTEGER NOT NULL, created_at TEXT NOT NULL
        );
        INSERT INTO votes_slim (rowid, id, household, compound, round, choice, replaces,
                                device, seq, created_at)
        SELECT rowid, id, household, compound, round, choice, replaces, device, seq, created_at
        FROM votes ORDER BY rowid;
        DROP TABLE votes;
        ALTER TABLE votes_slim RENAME TO votes;
        CREATE INDEX votes_round ON votes (compound, round);
        CREATE INDEX votes_household ON votes (household, round);
        """
    )
    db.execute(REPLACING_INDEX_SQL)


SCHEMA_VERSION = len(STEPS)
"""The number of migrations this version knows: a file of a newer version is refused, never
half-read. Migrations are only ever appended, so the count grows with every one."""


def pending_migrations(db: driver.Connection) -> list[str]:
    """The names of the steps this file has not had yet, read with plain SQL."""
    known = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    applied = set()
    if known:
        rows = db.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
        )
        applied = {str(name) for (name,) in rows}
    return [step.__name__ for step in STEPS if step.__name__ not in applied]


def apply_migrations(db: driver.Connection) -> None:
    """Bring the schema up to date, each step in its own transaction (sqlite-utils)."""
    if not pending_migrations(db):
        return
    from sqlite_utils import Database, Migrations

    migrations = Migrations(MIGRATION_SET)
    for step in STEPS:
        migrations()(step)
    migrations.apply(Database(db, execute_plugins=False))
