"""Scoring the tests, the learning gain, the evaluation results and who earns a
certificate: pure functions over a workshop's snapshot and its programme."""
