#!/usr/bin/env python3
"""Wilson score intervals (95%) for the fairness report's per-group rates, from scipy, for the pairs of successes and
trials that MonitoringTests.Group_rate_intervals_are_scipys_wilson_intervals builds its groups from.

    /usr/bin/python3 tests/ModelGen.Tests/Monitoring/Reference/make_wilson_references.py   # Debian's python3-scipy

Writes wilson_references.json beside this script: {"k/n": [low, high], ...}.
"""
import json
import pathlib

from scipy.stats import binomtest

pairs = [(3, 7), (2, 4), (1, 3), (12, 40), (10, 20), (2, 20), (7, 7), (0, 5)]
references = {}
for k, n in pairs:
    interval = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    references[f"{k}/{n}"] = [interval.low, interval.high]
path = pathlib.Path(__file__).with_name("wilson_references.json")
path.write_text(json.dumps(references, indent=2) + "\n")
print(f"wrote {len(references)} intervals to {path}")
