"""The published estimates the CLV tests must reproduce, and the precision check.

BG/NBD: Fader, Hardie & Lee (2005), CDNOW 1/10 sample, 39-week calibration, weekly units.
Gamma-Gamma: Fader & Hardie's Gamma-Gamma note, the same sample's 946 repeat buyers.
sBG: Fader & Hardie (2007), Table 1 cohorts.
"""

from __future__ import annotations

BGNBD = {"r": "0.2426", "alpha": "4.414", "a": "0.793", "b": "2.426"}
GAMMA_GAMMA = {"p": "6.25", "q": "3.74", "gamma": "15.44"}
SBG = {
    "highend": {"alpha": "0.668", "beta": "3.806"},
    "regular": {"alpha": "0.704", "beta": "1.182"},
}


def rounds_to(value: float, published: str) -> bool:
    """True when `value` rounded to the published number of decimals is the published figure."""
    decimals = len(published.partition(".")[2])
    return bool(abs(value - float(published)) <= 0.5 * 10**-decimals + 1e-12)
