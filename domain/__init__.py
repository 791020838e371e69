"""The business model of Aftersales: aggregates, their events, value objects and rules. No I/O."""
