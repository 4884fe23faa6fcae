"""on PostgreSQL, the database itself writes the audit trail

Every change to a table of the app's is written into the audit trail by a trigger (AFTER
INSERT, UPDATE or DELETE, for each row) calling `ccsc_audit_row`, a SECURITY DEFINER function
of the schema owner's: the row's key, its columns before and after as JSON (without `version`,
a file's bytes as "N bytes"), stamped with the time to the second and `who` — the operator the
app names for its transaction (`ccsc.operator`) with the login the server sees:
"alice (alice_login)". An UPDATE that changes nothing writes nothing. Each row is numbered and
hashed into the chain there (`ccsc_audit_link`, the twin of `chain.link`), under the advisory
lock the app's writers take.

What only the app knows goes through two narrow functions of the owner's, which stamp the time
and the login themselves: `ccsc_audit_note` (an override or a review, never a change) and
`ccsc_audit_seal` (the fingerprint of a meeting approved in the calling transaction, once). The
generic `ccsc_append_audit` of revision 0014 is dropped: no role used day to day can write a
change row, or change or delete any row (deploy/postgresql-roles.sql).

SQLite is unchanged: there the app writes the trail in the same transaction (`audit.py`).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

import importlib

from alembic import op

from ccsc_gov.core.store.chain import CHAIN_LOCK, GENESIS, SEAL
from ccsc_gov.core.store.locks import APPROVED

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# The tables of revisions 0001 to 0014 (all but `audit`); a table added later gets its trigger
# from its own migration (`locks.audit_trigger`; 0017 defers these).
TABLES = (
    "body",
    "terms_of_reference",
    "person",
    "membership",
    "meeting",
    "agenda_item",
    "circulation",
    "circulation_message",
    "circulation_recipient",
    "circulation_attachment",
    "reminded_action",
    "attendance",
    "withdrawal",
    "declaration",
    "decision",
    "referral",
    "written_resolution",
    "resolution_vote",
    "resolution_interest",
    "chairs_action",
    "reported_decision",
    "action",
    "action_owner",
    "action_due_revision",
    "action_note",
    "carried_action",
    "recurring_item",
    "reference_counter",
    "paper_content",
    "paper",
    "paper_version",
    "board_pack",
    "minutes_review",
)

# The kinds of note the app adds beside the changes themselves (audit.note_event).
NOTES = ("override", "review")

FUNCTIONS = (
    # Each field as "-|" for NULL or "length:text|"; `at` to the second: chain.link's encoding.
    """CREATE FUNCTION ccsc_audit_link(
    previous text, id integer, at timestamp, who text, what text, table_name text,
    row_key text, before text, after text, note text
) RETURNS text LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
SELECT encode(sha256(convert_to(string_agg(
    CASE WHEN f IS NULL THEN '-|' ELSE length(f) || ':' || f || '|' END, '' ORDER BY n
), 'UTF8')), 'hex')
FROM unnest(ARRAY[previous, id::text, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS'), who, what,
                  table_name, row_key, before, after, note]) WITH ORDINALITY AS u(f, n)
$$""",
    # A row's columns as the trail shows them: no edit version, a file's bytes by their size.
    """CREATE FUNCTION ccsc_audit_values(rel oid, r json) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
SELECT json_object_agg(e.key, CASE
    WHEN a.atttypid = 'bytea'::regtype AND json_typeof(e.value) = 'string'
    THEN to_json(((length(e.value #>> '{}') - 2) / 2)::text || ' bytes')
    ELSE e.value END ORDER BY e.n)::text
FROM json_each(r) WITH ORDINALITY AS e(key, value, n)
JOIN pg_attribute a ON a.attrelid = rel AND a.attname = e.key
WHERE e.key <> 'version'
$$""",
    # A row's key: its primary key's columns, "/"-joined (as audit._key).
    """CREATE FUNCTION ccsc_audit_key(rel oid, r json) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
SELECT coalesce(string_agg(r ->> a.attname, '/' ORDER BY k.n), '?')
FROM pg_index i
CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
JOIN pg_attribute a ON a.attrelid = rel AND a.attnum = k.attnum
WHERE i.indrelid = rel AND i.indisprimary
$$""",
    # The one writer: numbers, stamps and chains a row. It runs with its caller's rights, and
    # only the owner's functions below may call it.
    f"""CREATE FUNCTION ccsc_audit_write(
    v_what text, v_table text, v_key text, v_before text, v_after text, v_note text
) RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_at timestamp := date_trunc('second', localtimestamp);
    v_who text := coalesce(nullif(current_setting('ccsc.operator', true), ''),
                           'outside ccsc-gov') || ' (' || session_user || ')';
    v_id integer;
    v_previous text;
BEGIN
    PERFORM pg_advisory_xact_lock({CHAIN_LOCK});
    SELECT audit.id + 1, coalesce(audit.hash, '') INTO v_id, v_previous
    FROM audit ORDER BY audit.id DESC LIMIT 1;
    IF v_id IS NULL THEN
        v_id := 1;
        v_previous := '{GENESIS}';
    END IF;
    INSERT INTO audit (id, at, who, what, table_name, row_key, before, after, note, hash)
    VALUES (v_id, v_at, v_who, v_what, v_table, v_key, v_before, v_after, v_note,
            ccsc_audit_link(v_previous, v_id, v_at, v_who, v_what, v_table, v_key, v_before,
                            v_after, v_note));
END
$$""",
    """CREATE FUNCTION ccsc_audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_before text;
    v_after text;
    v_key text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        v_after := ccsc_audit_values(TG_RELID, row_to_json(NEW));
        v_key := ccsc_audit_key(TG_RELID, row_to_json(NEW));
    ELSIF TG_OP = 'UPDATE' THEN
        v_before := ccsc_audit_values(TG_RELID, row_to_json(OLD));
        v_after := ccsc_audit_values(TG_RELID, row_to_json(NEW));
        IF v_before = v_after THEN
            RETURN NULL;  -- nothing of the record changed (the edit version at most)
        END IF;
        v_key := ccsc_audit_key(TG_RELID, row_to_json(NEW));
    ELSE
        v_before := ccsc_audit_values(TG_RELID, row_to_json(OLD));
        v_key := ccsc_audit_key(TG_RELID, row_to_json(OLD));
    END IF;
    PERFORM ccsc_audit_write(lower(TG_OP), TG_TABLE_NAME, v_key, v_before, v_after, '');
    RETURN NULL;
END
$$""",
    f"""CREATE FUNCTION ccsc_audit_note(what text, table_name text, row_key text, note text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF what IS NULL OR what NOT IN ({", ".join(f"'{n}'" for n in NOTES)}) THEN
        RAISE EXCEPTION 'An audit note is an override or a review, never a change (%).', what
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM ccsc_audit_write(what, table_name, row_key, NULL, NULL, coalesce(note, ''));
END
$$""",
    f"""CREATE FUNCTION ccsc_audit_seal(meeting_id integer, after text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    -- Only in the transaction that approves the meeting (its row was written by this one),
    -- and only once.
    IF NOT EXISTS (
        SELECT 1 FROM meeting
        WHERE meeting.id = meeting_id AND meeting.status = '{APPROVED}'
          AND meeting.xmin = pg_current_xact_id()::xid
    ) OR EXISTS (
        SELECT 1 FROM audit WHERE audit.what = '{SEAL}' AND audit.row_key = meeting_id::text
    ) THEN
        RAISE EXCEPTION 'Only the approval of a meeting''s minutes seals its record, once.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM ccsc_audit_write('{SEAL}', 'meeting', meeting_id::text, NULL, after,
                             'The approved record''s fingerprint.');
END
$$""",
)

SIGNATURES = (
    "ccsc_audit_link(text, integer, timestamp, text, text, text, text, text, text, text)",
    "ccsc_audit_values(oid, json)",
    "ccsc_audit_key(oid, json)",
    "ccsc_audit_write(text, text, text, text, text, text)",
    "ccsc_audit_row()",
    "ccsc_audit_note(text, text, text, text)",
    "ccsc_audit_seal(integer, text)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite: the app writes the trail, as before
    op.execute("DROP FUNCTION IF EXISTS ccsc_append_audit(json)")
    for statement in FUNCTIONS:
        op.execute(statement)
    # Only the owner runs these; deploy/postgresql-roles.sql lets clerks call the note and the
    # seal. The triggers run `ccsc_audit_row` whoever changes a row.
    for signature in SIGNATURES:
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
    for table in TABLES:
        op.execute(audit_trigger(table))


def audit_trigger(table: str) -> str:
    """This revision's trigger, fired at each statement (0017 defers it to the commit)."""
    return (
        f"CREATE TRIGGER ccsc_audit_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION ccsc_audit_row()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS ccsc_audit_{table} ON {table}")
    for signature in reversed(SIGNATURES):
        op.execute(f"DROP FUNCTION IF EXISTS {signature}")
    earlier = importlib.import_module(
        "ccsc_gov.core.store.migrations.versions.0014_locks_on_every_write_and_audit_chain"
    )
    op.execute(earlier.PG_APPEND_AUDIT)
    op.execute("REVOKE ALL ON FUNCTION ccsc_append_audit(json) FROM PUBLIC")
