"""A stress database for the action log: a demo history topped up to N actions with plain SQL.

Only this benchmark writes rows directly, and only to reach a size no real history has yet;
the lock triggers on actions are lifted for the insert and put back afterwards.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path

WORDS = (
    "review",
    "budget",
    "report",
    "circulate",
    "draft",
    "funder",
    "training",
    "trial",
    "recruitment",
    "risk",
    "register",
    "policy",
    "update",
    "studentship",
    "equipment",
    "data",
    "ethics",
    "consent",
    "partners",
    "strategy",
    "panel",
    "cohort",
    "audit",
)
STATUSES = (
    ["open"] * 30 + ["in progress"] * 20 + ["completed"] * 15 + ["closed"] * 30 + ["cancelled"] * 5
)
LOCK_TRIGGERS = ("lock_action_insert", "lock_action_owner_insert", "lock_action_note_insert")


def add_stress_actions(path: Path, total: int, *, today: dt.date, seed: int = 7) -> int:
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    have = con.execute("SELECT count(*) FROM action").fetchone()[0]
    items = con.execute(
        "SELECT i.id, m.ref, m.start_at, m.body_id FROM agenda_item i "
        "JOIN meeting m ON m.id = i.meeting_id WHERE i.parent_id IS NOT NULL "
        "AND m.status IN ('held', 'minutes drafted', 'minutes approved')"
    ).fetchall()
    members: dict[int, list[int]] = {}
    for body_id, person_id in con.execute("SELECT body_id, person_id FROM membership WHERE votes"):
        members.setdefault(body_id, []).append(person_id)
    counters: dict[str, int] = {}
    for (ref,) in con.execute("SELECT ref FROM action"):
        meeting, number = ref.rsplit("/A", 1)
        counters[meeting] = max(counters.get(meeting, 0), int(number))
    next_id = con.execute("SELECT coalesce(max(id), 0) FROM action").fetchone()[0] + 1
    actions, owners, notes = [], [], []
    for _ in range(total - have):
        item_id, meeting, start, body_id = rng.choice(items)
        counters[meeting] = counters.get(meeting, 0) + 1
        due = today + dt.timedelta(days=rng.randint(-200, 120))
        status = rng.choice(STATUSES)
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14))).capitalize() + "."
        completed = due.isoformat() if status in ("completed", "closed") else None
        actions.append(
            (
                next_id,
                f"{meeting}/A{counters[meeting]}",
                item_id,
                text,
                due.isoformat(),
                status,
                completed,
            )
        )
        for person in rng.sample(members[body_id], k=1 if rng.random() < 0.8 else 2):
            owners.append((next_id, person))
        if rng.random() < 0.3:
            notes.append(
                (next_id, start[:10], "Progress: " + " ".join(rng.sample(WORDS, 6)), status)
            )
        next_id += 1
    saved = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?, ?)",
        LOCK_TRIGGERS,
    ).fetchall()
    with con:
        for name, _ in saved:
            con.execute(f'DROP TRIGGER "{name}"')
        con.executemany(
            "INSERT INTO action (id, ref, item_id, description, due_date, status, completed_on) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            actions,
        )
        con.executemany("INSERT INTO action_owner (action_id, person_id) VALUES (?, ?)", owners)
        con.executemany(
            "INSERT INTO action_note (action_id, written_on, text, status) VALUES (?, ?, ?, ?)",
            notes,
        )
        for _, sql in saved:
            con.execute(sql)
    count = con.execute("SELECT count(*) FROM action").fetchone()[0]
    con.close()
    return int(count)
