"""The byte budget all metric streams of a server share."""

from __future__ import annotations

import asyncio

import pytest

from cairn_server.transport.stream_budget import ByteBudget


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_waits_for_room_and_serves_waiters_in_order() -> None:
    budget = ByteBudget(100)
    await budget.acquire(60)
    order: list[str] = []

    async def take(name: str, n: int) -> None:
        await budget.acquire(n)
        order.append(name)

    big = asyncio.create_task(take("big", 50))
    await _settle()
    small = asyncio.create_task(take("small", 10))  # would fit, but queues behind `big`
    await _settle()
    assert order == [] and budget.used == 60
    budget.release(60)
    await asyncio.gather(big, small)
    assert order == ["big", "small"]
    assert budget.used == 60


async def test_a_message_larger_than_the_budget_passes_alone() -> None:
    budget = ByteBudget(100)
    await budget.acquire(500)
    assert budget.used == 500
    waiter = asyncio.create_task(budget.acquire(1))
    await _settle()
    assert not waiter.done()
    budget.release(500)
    await waiter
    assert budget.used == 1


async def test_a_cancelled_waiter_gives_its_turn_away() -> None:
    budget = ByteBudget(100)
    await budget.acquire(90)
    first = asyncio.create_task(budget.acquire(50))
    second = asyncio.create_task(budget.acquire(10))
    await _settle()
    assert not first.done() and not second.done()
    first.cancel()
    await second  # no longer stuck behind a waiter that went away
    assert budget.used == 100
    with pytest.raises(asyncio.CancelledError):
        await first


def test_the_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        ByteBudget(0)
