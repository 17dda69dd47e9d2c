"""Persistence: SQLAlchemy models, typed queries, alembic migrations and FSM storage."""
