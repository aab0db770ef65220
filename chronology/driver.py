"""The database driver: SQLCipher's, handed to sqlite-utils before it loads.

sqlite-utils uses pysqlite3 when it can import it: registering SQLCipher's module under that name
makes it recognise the errors SQLCipher's connections raise. Every module that loads sqlite-utils
imports this one first."""
from __future__ import annotations

import sys

from sqlcipher3 import dbapi2 as sqlite3

sys.modules.setdefault("pysqlite3", sqlite3)
sys.modules.setdefault("pysqlite3.dbapi2", sqlite3)

#: The errors of the database driver, for callers that must tell them apart (never stdlib's).
DatabaseError, IntegrityError, OperationalError = (sqlite3.DatabaseError, sqlite3.IntegrityError,
                                                  sqlite3.OperationalError)
