"""The rules of governance as pure functions over plain values: the lifecycle, the lock,
quorum, who votes and counts, the approval order, numbering and the errors a clerk sees."""
