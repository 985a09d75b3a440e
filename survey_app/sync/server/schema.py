"""The server's schema, applied by `survey-app server init` as numbered migrations (like the
file's store/migrations.py: an applied one is never edited, a new one is appended).

What the database enforces by itself, whatever a client does:
- `records` is append-only: laptop roles hold SELECT and INSERT only, and a trigger refuses
  UPDATE and DELETE to every role but the one that ran `server init` (the admin);
- a laptop's role inserts only records of its own device (row-level security against
  `laptops.device`, which the role claims once, for the device whose key it was enrolled by),
  and of those naming a compound only the ones the app would have let it write: of the
  compounds the server served the role at its last receive before the record's number
  (`laptop_grants`, noted by each receive), or gives it now, or of an office device (migration
  5; before it, a laptop inserted records of any compound);
- a laptop's role reads the records, and their personal rows (names, phones, notes,
  signatures), only of those that name no compound, of its own device and of the compounds
  it is assigned (`laptops.compounds`, NULL: all; migration 3, before which it read every
  record's non-personal part). Of the other records it gets only their chain links (device,
  seq, hash, prev, signature) from `survey_hidden_links`, a SECURITY DEFINER function of the
  admin's, so that its receive still checks each device's chain whole before it keeps its
  compounds' records (server/links.py, sync/scope.py);
- the per-device summaries (`sequences`) follow every insert (a statement trigger), so a sync
  reads a few rows to know what the server holds;
- an office's erasure, once inserted, deletes the personal rows it covers, and no personal
  row it covers can be inserted again; a laptop's role reads the erasures (household, records
  covered) only of the compounds whose records it reads (migration 4).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Migration = tuple[int, str, Callable[[dict[str, str]], str]]

LOCK_KEY = 1_654_000_016
"""The transaction-level advisory lock every write to the server's records takes."""


def _m001_records(names: dict[str, str]) -> str:
    return """
    CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
    CREATE TABLE records (
        id text PRIMARY KEY, kind text NOT NULL, device text NOT NULL, seq bigint NOT NULL,
        created_at text NOT NULL, payload text NOT NULL, hash text NOT NULL, prev text,
        signature text,
        compound text GENERATED ALWAYS AS (payload::jsonb ->> 'compound') STORED,
        received bigserial NOT NULL,
        UNIQUE (device, seq)
    );
    CREATE INDEX records_compound ON records (compound) WHERE compound IS NOT NULL;
    CREATE INDEX records_kind ON records (kind);
    CREATE TABLE sequences (
        device text PRIMARY KEY, record_count bigint NOT NULL, first_seq bigint NOT NULL,
        last_seq bigint NOT NULL, digest bigint NOT NULL
    );
    CREATE TABLE personal (
        record_id text PRIMARY KEY REFERENCES records (id), salt text NOT NULL,
        fields text NOT NULL
    );
    CREATE TABLE erasures (
        record_id text PRIMARY KEY REFERENCES records (id), household text NOT NULL,
        created_at text NOT NULL, records jsonb NOT NULL
    );
    CREATE INDEX erasures_household ON erasures (household);
    CREATE TABLE office_devices (device text PRIMARY KEY);
    CREATE TABLE laptops (
        role name PRIMARY KEY, fingerprint text NOT NULL, device text UNIQUE,
        compounds text[], enrolled_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE FUNCTION survey_digest(h text) RETURNS bigint IMMUTABLE LANGUAGE sql
        AS $$ SELECT ('x' || substr(h, 1, 8))::bit(32)::bigint $$;

    CREATE FUNCTION survey_count_records() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public AS $$
    BEGIN
        INSERT INTO sequences AS s (device, record_count, first_seq, last_seq, digest)
        SELECT device, count(*), min(seq), max(seq), sum(survey_digest(hash)) % 4294967296
        FROM new_records GROUP BY device
        ON CONFLICT (device) DO UPDATE SET
            record_count = s.record_count + excluded.record_count,
            first_seq = least(s.first_seq, excluded.first_seq),
            last_seq = greatest(s.last_seq, excluded.last_seq),
            digest = (s.digest + excluded.digest) % 4294967296;
        INSERT INTO erasures (record_id, household, created_at, records)
        SELECT id, payload::jsonb ->> 'household', created_at,
               coalesce(payload::jsonb -> 'records', '[]'::jsonb)
        FROM new_records WHERE kind = 'erasure'
          AND device IN (SELECT device FROM office_devices)
        ON CONFLICT DO NOTHING;
        IF FOUND THEN
            DELETE FROM personal p USING records r, erasures e
            WHERE r.id = p.record_id AND survey_covers(e, r);
        END IF;
        RETURN NULL;
    END $$;

    CREATE FUNCTION survey_household_of(r records) RETURNS text IMMUTABLE LANGUAGE sql AS $$
        SELECT CASE WHEN r.kind = 'household' THEN r.payload::jsonb ->> 'id'
                    ELSE r.payload::jsonb ->> 'household' END $$;

    CREATE FUNCTION survey_covers(e erasures, r records) RETURNS boolean STABLE LANGUAGE sql
    AS $$
        SELECT r.kind IN ('household', 'vote', 'survey_answer', 'visit')
           AND e.household = survey_household_of(r)
           AND (r.created_at <= e.created_at OR e.records ? r.id) $$;

    CREATE TRIGGER records_counted AFTER INSERT ON records
        REFERENCING NEW TABLE AS new_records FOR EACH STATEMENT
        EXECUTE FUNCTION survey_count_records();

    CREATE FUNCTION survey_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_user <> (SELECT value FROM meta WHERE key = 'admin') THEN
            RAISE EXCEPTION 'survey-app: the record log is append-only (% refused for %)',
                TG_OP, current_user USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$;
    CREATE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON records
        FOR EACH ROW EXECUTE FUNCTION survey_append_only();
    CREATE TRIGGER records_not_truncated BEFORE TRUNCATE ON records
        FOR EACH STATEMENT EXECUTE FUNCTION survey_append_only();

    CREATE FUNCTION survey_not_erased() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM erasures) THEN
            DELETE FROM personal p USING new_personal n, records r, erasures e
            WHERE p.record_id = n.record_id AND r.id = n.record_id AND survey_covers(e, r);
        END IF;
        RETURN NULL;
    END $$;
    CREATE TRIGGER personal_not_erased AFTER INSERT ON personal
        REFERENCING NEW TABLE AS new_personal FOR EACH STATEMENT
        EXECUTE FUNCTION survey_not_erased();
    """


def _m002_roles(names: dict[str, str]) -> str:
    group = names["group"]
    return f"""
    CREATE FUNCTION survey_own_device() RETURNS text STABLE LANGUAGE sql
    SECURITY DEFINER SET search_path = public AS $$
        SELECT device FROM laptops WHERE role = session_user $$;
    CREATE FUNCTION survey_compounds() RETURNS text[] STABLE LANGUAGE sql
    SECURITY DEFINER SET search_path = public AS $$
        SELECT CASE WHEN compounds IS NULL THEN NULL ELSE compounds END
        FROM laptops WHERE role = session_user $$;
    CREATE FUNCTION survey_sees_all() RETURNS boolean STABLE LANGUAGE sql
    SECURITY DEFINER SET search_path = public AS $$
        SELECT coalesce((SELECT compounds IS NULL FROM laptops WHERE role = session_user),
                        false) $$;

    CREATE FUNCTION survey_claim_device(wanted text, public_key text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE
        mine laptops;
        declared text;
        printed text;
    BEGIN
        SELECT * INTO mine FROM laptops WHERE role = session_user;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'survey-app: % is not an enrolled laptop', session_user
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF mine.device IS NOT NULL THEN
            RETURN mine.device;
        END IF;
        printed := upper(encode(sha256(decode(public_key, 'hex')), 'hex'));
        printed := substr(printed, 1, 4) || '-' || substr(printed, 5, 4) || '-' ||
                   substr(printed, 9, 4) || '-' || substr(printed, 13, 4) || '-' ||
                   substr(printed, 17, 4);
        IF printed <> mine.fingerprint THEN
            RAISE EXCEPTION 'survey-app: the key of device % is not the one % was enrolled by',
                wanted, session_user USING ERRCODE = 'insufficient_privilege';
        END IF;
        SELECT payload::jsonb ->> 'public_key' INTO declared FROM records
        WHERE device = wanted AND kind = 'device' AND payload::jsonb ->> 'id' = wanted
          AND payload::jsonb ? 'public_key' ORDER BY seq LIMIT 1;
        IF declared IS NOT NULL AND declared <> public_key THEN
            RAISE EXCEPTION 'survey-app: device % declared another key', wanted
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        UPDATE laptops SET device = wanted WHERE role = session_user;
        RETURN wanted;
    END $$;

    ALTER TABLE records ENABLE ROW LEVEL SECURITY;
    ALTER TABLE personal ENABLE ROW LEVEL SECURITY;
    ALTER TABLE meta ENABLE ROW LEVEL SECURITY;
    CREATE POLICY laptop_reads ON records FOR SELECT TO {group} USING (true);
    CREATE POLICY laptop_writes ON records FOR INSERT TO {group}
        WITH CHECK (device = (SELECT survey_own_device()));
    CREATE POLICY laptop_reads ON personal FOR SELECT TO {group} USING (EXISTS (
        SELECT 1 FROM records r WHERE r.id = record_id AND (r.compound IS NULL
        OR r.device = (SELECT survey_own_device()) OR (SELECT survey_sees_all())
        OR r.compound = ANY ((SELECT survey_compounds())::text[]))));
    CREATE POLICY laptop_writes ON personal FOR INSERT TO {group} WITH CHECK (record_id IN (
        SELECT r.id FROM records r WHERE r.device = (SELECT survey_own_device())));
    CREATE POLICY laptop_reads ON meta FOR SELECT TO {group} USING (true);
    CREATE POLICY laptop_learns ON meta FOR INSERT TO {group} WITH CHECK (key = 'authority');

    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
    GRANT SELECT, INSERT ON records, personal TO {group};
    GRANT SELECT ON sequences, erasures, schema_migrations TO {group};
    GRANT SELECT, INSERT ON meta TO {group};
    GRANT USAGE ON SEQUENCE records_received_seq TO {group};
    REVOKE ALL ON FUNCTION survey_claim_device(text, text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION survey_claim_device(text, text) TO {group};
    """


def _m003_compound_reads(names: dict[str, str]) -> str:
    group = names["group"]
    return f"""
    DROP POLICY laptop_reads ON records;
    CREATE POLICY laptop_reads ON records FOR SELECT TO {group} USING (compound IS NULL
        OR device = (SELECT survey_own_device()) OR (SELECT survey_sees_all())
        OR compound = ANY ((SELECT survey_compounds())::text[]));

    CREATE FUNCTION survey_hidden_links(devices text[], after_seqs bigint[], whole boolean[])
    RETURNS TABLE (device text, seq bigint, hash text, prev text, signature text)
    STABLE LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
        WITH mine AS (SELECT survey_own_device() AS device, survey_sees_all() AS sees_all,
                             survey_compounds() AS compounds)
        SELECT r.device, r.seq, r.hash, r.prev, r.signature
        FROM mine, records r
        JOIN unnest(devices, after_seqs, whole) AS p(device, after_seq, whole)
          ON r.device = p.device AND (p.whole OR r.seq >= p.after_seq)
        WHERE NOT coalesce(r.compound IS NULL OR r.device = mine.device OR mine.sees_all
                           OR r.compound = ANY (mine.compounds), false) $$;

    REVOKE ALL ON FUNCTION survey_hidden_links(text[], bigint[], boolean[]) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION survey_hidden_links(text[], bigint[], boolean[]) TO {group};
    """


def _m004_erasure_reads(names: dict[str, str]) -> str:
    """An erasure names a household and the records it covers: a laptop's role reads only the
    erasures whose record it may read (those of its compounds), as it reads the records."""
    group = names["group"]
    return f"""
    ALTER TABLE erasures ENABLE ROW LEVEL SECURITY;
    CREATE POLICY laptop_reads ON erasures FOR SELECT TO {group}
        USING (EXISTS (SELECT 1 FROM records r WHERE r.id = record_id));
    """


def _m005_compound_writes(names: dict[str, str]) -> str:
    """A laptop's role inserts a record naming a compound only where the app would have let
    that laptop write it: a laptop writes for the compounds it was given at its last receive
    (store/assignments.py `check_assigned`, the scope sync/scope.py keeps), and the server
    serves each receive, so it notes what it served (`laptop_grants`: the role's compounds, NULL
    for all, from the laptop's last number at that receive) and admits a record of a compound
    the role was served at the last receive before the record's number, or is given now, or of
    an office device (the app lets an office write for every compound). A laptop reassigned
    while it holds unsent records of its old compounds sends them at its next sync (they follow
    the receive that gave it the old ones); what it writes after a receive of its new ones must
    be of those. The note is the last statement of the receive's server transaction, after the
    laptop's file committed what it received: a receive the laptop did not keep is not noted.
    A vote, survey answer or visit must also name a compound its household was ever placed in:
    the one its id starts with (where the roster import put it, core/ids.py) or one an office
    device's roster record on the server names for it (`survey_placed`). The app writes one
    only for its household's compound (store/assignments.py `check_household_compound`), read
    from those same roster records, so nothing it wrote is refused even when a later roster
    record moved the household (the readers then count it nowhere, unless a closed round froze
    the household there; refusing it would stop that laptop's every sync). It reads only the
    roster of the compounds the role may read (of the others it admits the record: the role
    may not learn their roster by asking).
    Laptops that synced before this migration were noted nowhere: what they hold unsent may be
    of any compound, until their first receive under it."""
    group = names["group"]
    return f"""
    CREATE TABLE laptop_grants (
        role name NOT NULL REFERENCES laptops (role), after_seq bigint NOT NULL,
        until_seq bigint, compounds text[]
    );
    CREATE INDEX laptop_grants_role ON laptop_grants (role);
    INSERT INTO laptop_grants (role, after_seq, until_seq, compounds)
    SELECT role, 0, NULL, NULL FROM laptops WHERE device IS NOT NULL;

    CREATE FUNCTION survey_may_insert(writer text, number bigint, named text) RETURNS boolean
    STABLE LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
        SELECT named IS NULL
            OR EXISTS (SELECT 1 FROM office_devices o WHERE o.device = writer)
            OR EXISTS (SELECT 1 FROM laptops l WHERE l.role = session_user
                       AND (l.compounds IS NULL OR named = ANY (l.compounds)))
            OR EXISTS (SELECT 1 FROM laptop_grants g WHERE g.role = session_user
                       AND g.after_seq < number AND (g.until_seq IS NULL OR number <= g.until_seq)
                       AND (g.compounds IS NULL OR named = ANY (g.compounds))) $$;

    CREATE INDEX records_household_id ON records ((payload::jsonb ->> 'id'))
        WHERE kind = 'household';
    CREATE FUNCTION survey_placed(writer text, kind text, household text, named text)
    RETURNS boolean STABLE LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    BEGIN
        IF kind NOT IN ('vote', 'survey_answer', 'visit') OR named IS NULL
           OR split_part(household, '/', 1) = named THEN
            RETURN true;
        END IF;
        IF NOT (survey_sees_all() OR named = ANY (coalesce(survey_compounds(), '{{}}'))) THEN
            RETURN true;  -- it may not read that compound's roster: it learns nothing of it
        END IF;
        RETURN EXISTS (SELECT 1 FROM office_devices o WHERE o.device = writer)
            OR EXISTS (SELECT 1 FROM records h WHERE h.kind = 'household'
                       AND h.payload::jsonb ->> 'id' = household AND h.compound = named
                       AND h.device IN (SELECT device FROM office_devices));
    END $$;

    CREATE FUNCTION survey_note_receive(laptop_last bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE
        mine laptops;
        last bigint;
    BEGIN
        SELECT * INTO mine FROM laptops WHERE role = session_user;
        IF NOT FOUND OR mine.device IS NULL THEN
            RETURN;
        END IF;
        IF EXISTS (SELECT 1 FROM laptop_grants WHERE role = session_user AND until_seq IS NULL
                   AND compounds IS NOT DISTINCT FROM mine.compounds) THEN
            RETURN;
        END IF;
        last := greatest(coalesce(laptop_last, 0), coalesce(
            (SELECT last_seq FROM sequences WHERE device = mine.device), 0));
        UPDATE laptop_grants SET until_seq = last WHERE role = session_user
          AND until_seq IS NULL;
        INSERT INTO laptop_grants (role, after_seq, until_seq, compounds)
        VALUES (session_user, last, NULL, mine.compounds);
    END $$;

    DROP POLICY laptop_writes ON records;
    CREATE POLICY laptop_writes ON records FOR INSERT TO {group}
        WITH CHECK (device = (SELECT survey_own_device())
                    AND (compound IS NULL OR (SELECT survey_sees_all())
                         OR compound = ANY ((SELECT survey_compounds())::text[])
                         OR survey_may_insert(device, seq, compound))
                    AND (kind NOT IN ('vote', 'survey_answer', 'visit')
                         OR split_part(payload::json ->> 'household', '/', 1) = compound
                         OR survey_placed(device, kind, payload::jsonb ->> 'household',
                                          compound)));
    REVOKE ALL ON laptop_grants FROM PUBLIC;
    REVOKE ALL ON FUNCTION survey_may_insert(text, bigint, text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION survey_may_insert(text, bigint, text) TO {group};
    REVOKE ALL ON FUNCTION survey_placed(text, text, text, text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION survey_placed(text, text, text, text) TO {group};
    REVOKE ALL ON FUNCTION survey_note_receive(bigint) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION survey_note_receive(bigint) TO {group};
    """


MIGRATIONS: list[Migration] = [
    (1, "records", _m001_records),
    (2, "laptop roles", _m002_roles),
    (3, "laptops read their compounds", _m003_compound_reads),
    (4, "laptops read their compounds' erasures", _m004_erasure_reads),
    (5, "laptops write for the compounds they were served", _m005_compound_writes),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def group_role(database: str) -> str:
    """The role every laptop role of this database is a member of (roles are per cluster)."""
    return "survey_laptops_" + "".join(c if c.isalnum() else "_" for c in database.lower())


def apply(conn: Any, database: str, admin: str) -> list[int]:
    """Apply the migrations not yet applied, each in its own transaction; returns their numbers."""
    names = {"group": group_role(database)}
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
            "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        if not conn.execute(
            "SELECT 1 FROM pg_roles WHERE rolname = %s", [names["group"]]
        ).fetchone():
            conn.execute(f"CREATE ROLE {names['group']} NOLOGIN")
    applied = []
    for version, name, sql in MIGRATIONS:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            done = conn.execute(
                "SELECT 1 FROM schema_migrations WHERE version = %s", [version]
            ).fetchone()
            if done:
                continue
            conn.execute(sql(names))
            conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", [version, name]
            )
            if version == 1:
                conn.execute("INSERT INTO meta (key, value) VALUES ('admin', %s)", [admin])
            applied.append(version)
    return applied


def applied_version(conn: Any) -> int:
    """The newest migration applied (-1: not a survey-app server; 0: none applied)."""
    if conn.execute("SELECT to_regclass('schema_migrations')").fetchone()[0] is None:
        return -1
    row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0])
