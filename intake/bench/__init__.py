"""The benchmarks' parts: the staff queue's synthetic data (`seed`) and HTTP load driver (`load`),
and the audit trail's concurrent writers and large trail (`audit`).

`manage.py bench_staff` and `manage.py bench_audit` put them together; see docs/performance.md.
"""
