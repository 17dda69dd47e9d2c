"""APScheduler 3 wiring. The scheduler lives in memory only: it wakes jobs, the database
holds the truth (see the reminder engine)."""

from __future__ import annotations

from apscheduler.schedulers.asyncio import AsyncIOScheduler


def create_scheduler() -> AsyncIOScheduler:
    return AsyncIOScheduler(
        timezone="UTC", job_defaults={"coalesce": True, "misfire_grace_time": 3600}
    )
