"""One meeting's content copied into another database, so that two histories hold the same
meeting: its agenda (with the minutes typed under each item), attendance, decisions and
actions, under a new reference of the same body on the same day.

Like stress.py, only a benchmark writes rows directly, and only to make a comparison fair:
the people are matched by place (the body's members on the day, in the order of their terms,
then anyone else who attended), so the copy has as many attendees in the same categories.
Actions carried forward from earlier meetings are not copied: they are the history's, not the
meeting's, and so the copy reviews none in either database.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def _insert(con: sqlite3.Connection, table: str, row: sqlite3.Row, **changed: Any) -> int:
    data = {**dict(row), **changed}
    data.pop("id")
    columns = ", ".join(data)
    marks = ", ".join("?" for _ in data)
    cursor = con.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(data.values()))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _people(con: sqlite3.Connection, body_id: int, day: str, meeting_id: int | None) -> list[int]:
    """The body's members on the day in the order of their terms, then other attendees."""
    members = [
        row[0]
        for row in con.execute(
            "SELECT person_id FROM membership WHERE body_id = ? AND start_date <= ? "
            "AND (end_date IS NULL OR end_date >= ?) ORDER BY start_date, id",
            (body_id, day, day),
        )
    ]
    others = [
        row[0]
        for row in con.execute(
            "SELECT person_id FROM attendance WHERE meeting_id = ? ORDER BY person_id",
            (meeting_id,),
        )
        if row[0] not in members
    ]
    if meeting_id is None:  # the target: anyone not a member may stand in for a visitor
        others = [
            row[0]
            for row in con.execute("SELECT id FROM person ORDER BY id")
            if row[0] not in members
        ]
    return list(dict.fromkeys(members + others))


def copy_meeting(source: Path, ref: str, target: Path, new_ref: str) -> None:
    """Copy meeting `ref` of `source` into `target` as `new_ref`."""
    src = sqlite3.connect(source)
    src.row_factory = sqlite3.Row
    dst = sqlite3.connect(target)
    meeting = src.execute("SELECT * FROM meeting WHERE ref = ?", (ref,)).fetchone()
    [code] = src.execute("SELECT code FROM body WHERE id = ?", (meeting["body_id"],)).fetchone()
    [body_id] = dst.execute("SELECT id FROM body WHERE code = ?", (code,)).fetchone()
    day = meeting["start_at"][:10]
    theirs = _people(src, meeting["body_id"], day, meeting["id"])
    ours = _people(dst, body_id, day, None)
    person = dict(zip(theirs, ours, strict=False))
    with dst:
        meeting_id = _insert(
            dst, "meeting", meeting, ref=new_ref, body_id=body_id, approved_at_id=None
        )
        item: dict[int | None, int | None] = {None: None}
        for row in src.execute(
            "SELECT * FROM agenda_item WHERE meeting_id = ? ORDER BY parent_id IS NOT NULL, id",
            (meeting["id"],),
        ):
            item[row["id"]] = _insert(
                dst, "agenda_item", row, meeting_id=meeting_id, parent_id=item[row["parent_id"]]
            )
        for row in src.execute("SELECT * FROM attendance WHERE meeting_id = ?", (meeting["id"],)):
            _insert(
                dst,
                "attendance",
                row,
                meeting_id=meeting_id,
                person_id=person[row["person_id"]],
                arrived_at_item_id=item[row["arrived_at_item_id"]],
                left_at_item_id=item[row["left_at_item_id"]],
            )
        items = ",".join(str(i) for i in item if i is not None)
        # A decision's or action's link to another meeting is the history's: not copied.
        unlinked = {"decision": {"referred_from_id": None}, "action": {"closed_at_id": None}}
        for table, links in unlinked.items():
            for row in src.execute(f"SELECT * FROM {table} WHERE item_id IN ({items})"):
                copied = _insert(
                    dst,
                    table,
                    row,
                    ref=row["ref"].replace(ref, new_ref, 1),
                    item_id=item[row["item_id"]],
                    **links,
                )
                if table == "action":
                    for (owner,) in src.execute(
                        "SELECT person_id FROM action_owner WHERE action_id = ?", (row["id"],)
                    ):
                        dst.execute(
                            "INSERT INTO action_owner (action_id, person_id) VALUES (?, ?)",
                            (copied, person.get(owner, ours[0])),
                        )
    src.close()
    dst.close()
