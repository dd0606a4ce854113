"""Every write that spans rows: one transaction each, keyword-only, named for what it does.

This package's `__init__` imports nothing: a caller imports the module it uses
(`from intake.services import audit`, `from intake.services.submission import submit_intake`), so
no import runs through the package and no circle can hide behind import order
(`tests/domain/test_layout.py` counts).
"""
