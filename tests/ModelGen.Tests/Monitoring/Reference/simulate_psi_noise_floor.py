#!/usr/bin/env python3
"""How often rows drawn from the training distribution itself pass FeatureDrift.NoiseFloor, the PSI floor of the drift
bands (src/ModelGen/Monitoring/DriftMonitor.cs): chi-squared's 0.999 quantile at 9 degrees of freedom over n, for ten
even deciles, with the monitor's 1e-4 floor on each share. Prints, per count n, that floor and the share of 200,000
simulated samples whose PSI passes it (and passes 0.1, the moderate band, which is what the bands alone would flag).

    /usr/bin/python3 tests/ModelGen.Tests/Monitoring/Reference/simulate_psi_noise_floor.py   # numpy and scipy: Debian's python3-scipy

Output on 2026-12-03 (Debian 12's numpy and scipy):
    n=40    chi-squared floor 0.6969 passed 0.14199; PSI >= 0.1: 0.9306; infinite in the monitor (under ten a decile)
    n=50    chi-squared floor 0.5575 passed 0.05188; PSI >= 0.1: 0.8615; infinite in the monitor (under ten a decile)
    n=100   chi-squared floor 0.2788 passed 0.00451; PSI >= 0.1: 0.3927; applied
    n=150   chi-squared floor 0.1858 passed 0.00244; PSI >= 0.1: 0.1112; applied
    n=280   chi-squared floor 0.0996 passed 0.00148; PSI >= 0.1: 0.0014; applied
    n=1000  chi-squared floor 0.0279 passed 0.00124; PSI >= 0.1: 0.0000; applied
Below ten values a decile an empty decile's 1e-4 share alone passes the floor (5% at 50, 14% at 40), so the monitor
makes it infinite there. "PSI >= 0.1" is what the bands alone flagged before the floor: 39% of samples of 100 rows.
"""
import numpy as np
from scipy.stats import chi2

rng = np.random.default_rng(1)
for n in [40, 50, 100, 150, 280, 1000]:
    counts = rng.multinomial(n, [0.1] * 10, size=200_000)
    actual = np.maximum(counts / n, 1e-4)
    psi = ((actual - 0.1) * np.log(actual / 0.1)).sum(axis=1)
    floor = chi2.ppf(0.999, 9) / n
    applied = "infinite in the monitor (under ten a decile)" if n < 100 else "applied"
    print(f"n={n:<5} chi-squared floor {floor:.4f} passed {(psi > floor).mean():.5f}; PSI >= 0.1: {(psi >= 0.1).mean():.4f}; {applied}")
