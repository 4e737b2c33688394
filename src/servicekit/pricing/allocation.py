"""Splitting an amount over lines in whole minor units, exactly and deterministically."""

from __future__ import annotations


def largest_remainder(total: int, weights: list[int]) -> list[int]:
    """Split `total` minor units in proportion to `weights` (all >= 0).

    Each share is rounded down, then the units left over go one each to the largest
    remainders, earlier lines first on ties. The shares add up to `total`, and no share exceeds
    its weight when `total` does not exceed the sum of the weights.
    """
    whole = sum(weights)
    if whole == 0:
        return [0] * len(weights)
    shares, remainders = [], []
    for weight in weights:
        share, remainder = divmod(total * weight, whole)
        shares.append(share)
        remainders.append(remainder)
    left = total - sum(shares)
    if left:
        # A stable sort, even reversed: equal remainders keep their lines' order.
        for index in sorted(range(len(weights)), key=remainders.__getitem__, reverse=True)[:left]:
            shares[index] += 1
    return shares
