"""Views, split by audience: public (patients), staff, accounts and ops."""
