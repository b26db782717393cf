"""Foundations shared by every stage: errors, ids, dates, configuration, graph schema.

`core` imports nothing else from graphbuilder.
"""
