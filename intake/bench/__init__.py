"""The staff queue benchmark's parts: synthetic data (`seed`) and the HTTP load driver (`load`).

`manage.py bench_staff` puts them together; see docs/performance.md.
"""
