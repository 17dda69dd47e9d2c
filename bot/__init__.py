"""Partnership assistant bot: entry point, app factory, config and scheduler wiring."""
