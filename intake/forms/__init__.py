"""Forms: the intake's steps (intake.py, wizard.py) and the staff pages' (staff.py)."""
