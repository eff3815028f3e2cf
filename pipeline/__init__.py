"""Orchestration: discovery, the run loop, executors, the CLI, evaluation and matching."""
