"""Receivers of the lower apps' signals: each records an event inside the transaction of the change."""
