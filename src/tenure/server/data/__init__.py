"""Account-level reads for the fronts (listings and timelines; metrics come from the engine)."""
