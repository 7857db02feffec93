"""milestone_reached(snapshot, members, is_goal): the network passed a round number of members (every
MILESTONE_EVERY) or its goal, for apps above that react (webhooks tells partners). Sent inside the transaction that
writes the snapshot."""

from django.dispatch import Signal

milestone_reached = Signal()

MILESTONE_EVERY = 50


def milestones_passed(*, highest_before: int, members: int, goal: int) -> list[tuple[int, bool]]:
    """(members, is the goal) of every milestone above the highest count seen before, up to today's count."""
    passed = [
        (count, count == goal) for count in range(highest_before + 1, members + 1) if count % MILESTONE_EVERY == 0
    ]
    if highest_before < goal <= members and goal % MILESTONE_EVERY:
        passed = sorted([*passed, (goal, True)])
    return passed
