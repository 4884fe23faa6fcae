"""A clerk of the conflict tests, in a process of its own, as its own operating-system user.

`LOGNAME=alice python conflict_worker.py DATABASE` opens the database and prints "ready"; then
for each line of JSON on its standard input, {"item": ID, "version": N, "text": "..."}, it saves
that minute as the clerk's save button does (the version is the one the clerk loaded), in a
transaction of its own, and prints one line of JSON: {"saved": NEW-VERSION} or, when another
clerk changed the item first, {"conflict": "the message the clerk is shown"}.
"""

from __future__ import annotations

import json
import sys

from ccsc_gov.core.governance.errors import Conflict
from ccsc_gov.core.services import agenda
from ccsc_gov.core.store.db import open_database


def main(target: str) -> None:
    database = open_database(target, create=False)
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            with database.transaction() as session:
                agenda.write_minutes(
                    session,
                    item_id=request["item"],
                    text=request["text"],
                    expected_version=request["version"],
                )
                saved = agenda.item_view(session, item_id=request["item"]).version
            answer: dict[str, object] = {"saved": saved}
        except Conflict as conflict:
            answer = {"conflict": str(conflict)}
        print(json.dumps(answer), flush=True)
    database.close()


if __name__ == "__main__":
    main(sys.argv[1])
