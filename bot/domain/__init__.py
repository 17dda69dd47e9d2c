"""The partnership method as pure code: no aiogram, no SQL, no I/O.

Coach rules, partner status transitions, agreement terms, the date grammar, contacts and
document rendering. Everything here takes plain values (and `now`) and returns plain values.
"""
