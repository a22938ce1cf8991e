"""Screens of the terminal UI: main (side by side), picker (several speeches), help."""
