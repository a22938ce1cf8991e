"""Renderers: turn parsed documents and comparison graphs into text, JSON, HTML..."""
