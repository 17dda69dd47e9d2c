"""Use cases, one module per feature. Each public function owns its transaction: it reads
and writes through storage/ and commits before it returns. Handlers call these, never commit.
"""
