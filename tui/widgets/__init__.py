"""Widgets of the main screen: skeleton (aligned rows), summary header, detail pane."""
